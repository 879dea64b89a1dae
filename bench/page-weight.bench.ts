/**
 * Page weight on the 2 Mbit/s line (see page-weight.ts), on an app of its own.
 * Run: npx tsx bench/page-weight.bench.ts   (starts its own engine in a temp dir)
 * `npm run bench` measures the same on its app with the scale data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ensureAccount } from '../src/features/accounts/index.js';
import { findOrCreateSite } from '../src/features/sites/index.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { Client } from './http-client.js';
import { measurePageWeight, pageWeightReport } from './page-weight.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'krn-bench-'));
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12',
  LOG_LEVEL: 'silent',
});
const logger = createLogger('silent');
const db = await connectDatabase(config, logger, { dbName: 'bench' });
const app = await createApp({ config, logger });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as AddressInfo).port;

const site = await findOrCreateSite({ name: 'Bench' });
await ensureAccount({
  username: 'bench.resident',
  password: 'bench-password-123',
  role: 'resident',
  displayName: 'Bench',
  siteId: site.id,
});
await ensureAccount({
  username: 'bench.coordinator',
  password: 'bench-password-123',
  role: 'coordinator',
  displayName: 'Bench',
  siteId: null,
});
const resident = new Client(port);
await resident.login('bench.resident', 'bench-password-123');
const coordinator = new Client(port);
await coordinator.login('bench.coordinator', 'bench-password-123');
const weight = await measurePageWeight(new Client(port), resident, coordinator);
process.stdout.write([...pageWeightReport(weight), ''].join('\n'));

server.close();
await db.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
