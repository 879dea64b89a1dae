/**
 * The test database: a real FerretDB started for this run on a temporary directory
 * and a free port (SQLite), or on the machine's PostgreSQL with TEST_ENGINE=postgresql.
 * The app is built once with createApp and shared by the HTTP tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/platform/db.js';
import { createLogger } from '../../src/platform/logger.js';

const backend = process.env.TEST_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';

let dataDir: string | undefined;
let db: Database | undefined;
let app: Express | undefined;
let config: Config | undefined;
// One database per run, so runs on a shared PostgreSQL never see each other's data.
const dbName = `test_${process.pid}_${Date.now().toString(36)}`;

export const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export function testConfig(): Config {
  dataDir ??= mkdtempSync(path.join(tmpdir(), 'kerourien-test-'));
  config ??= loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    EMBEDDED_BACKEND: backend,
    LOG_LEVEL: 'silent',
    // Short enough for a test to run past a login block, long enough to outlast a burst.
    LOGIN_BLOCK_SECONDS: '8',
    LOGIN_BLOCK_MAX_SECONDS: '20',
  });
  return config;
}

export async function startDatabase(): Promise<void> {
  db = await connectDatabase(testConfig(), logger, { dbName });
}

export async function stopDatabase(opts: { drop?: boolean } = {}): Promise<void> {
  if (!db) return;
  if (opts.drop && backend === 'postgresql') await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await db.close();
  db = undefined;
  app = undefined;
}

/** Stops and starts the engine on the same data: what a restart of the app does. */
export async function restartDatabase(): Promise<void> {
  await stopDatabase();
  await startDatabase();
}

export function cleanUp(): void {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

export async function getApp(): Promise<Express> {
  app ??= await createApp({ config: testConfig(), logger });
  return app;
}

/** Empties every collection: each test file starts from a blank database. */
export async function clearDatabase(): Promise<void> {
  const collections = await mongoose.connection.db!.collections();
  await Promise.all(collections.map((c) => c.deleteMany({})));
}
