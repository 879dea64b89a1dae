/**
 * A command-line task whose database goes away under it (the app or the engine stopped)
 * ends with a clear French and English message and exit code 1, not a stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startEmbeddedEngine } from '../../src/platform/embedded-engine.js';
import { createLogger } from '../../src/platform/logger.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('a script whose database stops under it', function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'krn-lost-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run backup: says the connection was lost, in French and English, exit 1, no stack trace, no file left', async () => {
    const engine = await startEmbeddedEngine({
      dataDir: path.join(dir, 'engine'),
      postgresqlSettings: ['fsync=off', 'synchronous_commit=off'],
      logger: createLogger('silent'),
      exclusive: true,
      dbName: 'lost',
    });
    const client = await MongoClient.connect(engine.uri);
    const filler = 'x'.repeat(500);
    // Enough documents that the backup is still reading when the engine stops.
    for (let i = 0; i < 100; i += 1) {
      await client
        .db('lost')
        .collection('things')
        .insertMany(Array.from({ length: 1000 }, (_, j) => ({ n: i * 1000 + j, filler })));
    }
    await client.close();

    const file = path.join(dir, 'backups', 'lost.jsonl.gz');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', file], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        SESSION_SECRET: 'lost-database-secret-lost-database-1',
        DATA_DIR: path.join(dir, 'data'),
        MONGODB_URI: engine.uri,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      const keep = (d: Buffer) => {
        output += d.toString();
        if (/Sauvegarde en cours/.test(output)) resolve();
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      void exited.then(() => resolve());
    });
    await engine.stop();
    const code = await exited;

    expect(output, output).not.to.match(/Sauvegarde terminée/);
    expect(code, output).to.equal(1);
    expect(output).to.match(/La connexion à la base de données est perdue.*\n.*The connection to the database was lost/s);
    expect(output).not.to.match(/^\s+at /m);
    expect(existsSync(file)).to.equal(false);
    expect(existsSync(path.dirname(file)) ? readdirSync(path.dirname(file)) : []).to.deep.equal([]);
  });
});
