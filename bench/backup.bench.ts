/**
 * `DATA_DIR=... npx tsx bench/backup.bench.ts [--docs 20000] [--collections attempts,activity,residents]`
 * The backup's throughput on real documents: copies the first `docs` documents of the
 * named collections (shared equally, as far as each has them) of DATA_DIR's database into
 * a side database of the same engine (emptied first; left for a look), then backs it up with each
 * setting in turn, in the same run: docs/s, the file's size, and the CPU per 1,000
 * documents of this process (Node: EJSON, SHA-256, gzip), FerretDB's launcher and
 * PostgreSQL (read from /proc). "read only" is the cursor alone, nothing written.
 * Run it with the app stopped (it starts the embedded engine) or beside it.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.js';
import { collectionNames } from '../src/platform/backup-format.js';
import { writeBackup } from '../src/platform/backup-write.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { engineCpuMs } from './proc-cpu.js';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '20000' },
    collections: { type: 'string', default: 'attempts,activity,residents' },
  },
});
const config = loadConfig();
const db = await connectDatabase(config, createLogger('warn'));
const source = mongoose.connection.db!;
const side = mongoose.connection.getClient().db(`${source.databaseName}-backup-bench`);
const say = (line: string) => process.stdout.write(line + '\n');

// ---------- the side database: the first documents of each named collection ----------
const wanted = Number(args.docs);
const names = args.collections.split(',');
for (const name of await collectionNames(side)) await side.collection(name).drop();
let copied = 0;
for (const [i, name] of names.entries()) {
  const share = Math.floor(wanted / names.length) + (i === 0 ? wanted % names.length : 0);
  const docs = await source.collection(name).find({}, { promoteValues: false }).limit(share).toArray();
  for (let j = 0; j < docs.length; j += 1000) await side.collection(name).insertMany(docs.slice(j, j + 1000));
  copied += docs.length;
}
say(`${copied} documents (${names.join(', ')}) in ${side.databaseName}`);

// ---------- the settings, each measured once, in this order ----------
const dir = mkdtempSync(path.join(os.tmpdir(), 'backup-bench-'));
const settings: { label: string; run: (file: string) => Promise<void> }[] = [
  {
    label: 'read only (cursor, batch 500)',
    run: async () => {
      for await (const _ of side.collection(names[0]!).find({}, { promoteValues: false, batchSize: 500 })) void _;
      for (const name of names.slice(1)) {
        for await (const _ of side.collection(name).find({}, { promoteValues: false, batchSize: 500 })) void _;
      }
    },
  },
  ...[
    { gzipLevel: 6, readBatch: 500 },
    { gzipLevel: 1, readBatch: 500 },
    { gzipLevel: 6, readBatch: 2000 },
    { gzipLevel: 1, readBatch: 2000 },
  ].map((s) => ({
    label: `gzip ${s.gzipLevel}, batch ${s.readBatch}`,
    run: async (file: string) => {
      await writeBackup(side, createWriteStream(file), { appVersion: 'bench', step: () => new Promise(setImmediate), ...s });
    },
  })),
];
say('| setting | docs/s | file (KB) | Node CPU ms / 1,000 docs | FerretDB ms / 1,000 | PostgreSQL ms / 1,000 |');
say('|---|---|---|---|---|---|');
for (const [i, s] of settings.entries()) {
  const file = path.join(dir, `${i}.jsonl.gz`);
  const own0 = process.cpuUsage();
  const e0 = engineCpuMs(config.DATA_DIR);
  const t0 = performance.now();
  await s.run(file);
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  const e1 = engineCpuMs(config.DATA_DIR);
  const per = (ms: number) => ((ms * 1000) / copied).toFixed(0);
  let size = '-';
  try {
    size = (statSync(file).size / 1024).toFixed(0);
  } catch {
    // read only: no file
  }
  say(
    `| ${s.label} | ${(copied / seconds).toFixed(0)} | ${size} | ${per((own.user + own.system) / 1000)} | ` +
      `${per(e1.ferretdb - e0.ferretdb)} | ${per(e1.postgresql - e0.postgresql)} |`,
  );
}
rmSync(dir, { recursive: true, force: true });
await db.close();
