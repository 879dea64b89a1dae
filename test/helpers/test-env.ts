/**
 * The test database: the real embedded engine (FerretDB on its own PostgreSQL) started
 * for this run on a temporary directory and free ports, or FerretDB on the machine's
 * PostgreSQL with TEST_ENGINE=postgresql. The app is built once with createApp and
 * shared by the HTTP tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { appScopeOf, createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { connectDatabase, postgresqlUrlOf, type Database } from '../../src/platform/db.js';
import { createLogger } from '../../src/platform/logger.js';

// TEST_ENGINE=postgresql: the machine's PostgreSQL (127.0.0.1:5432, user postgres).
const externalPostgresql = process.env.TEST_ENGINE === 'postgresql' ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined;
// Test data need no crash safety: a faster embedded PostgreSQL.
const TEST_PG_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

let dataDir: string | undefined;
let db: Database | undefined;
let app: Express | undefined;
let config: Config | undefined;
// One database per run, so runs on a shared PostgreSQL never see each other's data.
const dbName = `test_${process.pid}_${Date.now().toString(36)}`;

export const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export function testConfig(): Config {
  config ??= configWith({
    // Short enough for a test to run past a login block, long enough to outlast a burst.
    LOGIN_BLOCK: '8s',
    LOGIN_BLOCK_MAX: '20s',
    // Long enough for the fault test to see the engine down.
    ENGINE_RESTART_DELAY: '4s',
  });
  return config;
}

/**
 * The test configuration with some variables changed, read through loadConfig like the
 * environment, e.g. `configWith({ SESSION_LIFETIME: '2s' })` for an app of a test's own.
 */
export function configWith(env: Record<string, string>): Config {
  dataDir ??= mkdtempSync(path.join(tmpdir(), 'kerourien-test-'));
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
    ...(externalPostgresql ? { POSTGRESQL_URL: externalPostgresql } : {}),
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export async function startDatabase(): Promise<void> {
  db = await connectDatabase(testConfig(), logger, { dbName, postgresqlSettings: TEST_PG_SETTINGS });
}

/** The embedded engine of this run (the fault tests kill it). */
export function testEngine() {
  return db?.engine;
}

/** Runs `fn` (drops of collections or databases) under the engine's schema lock, as a restore does. */
export function withTestSchemaLock<T>(fn: () => Promise<T>): Promise<T> {
  if (!db) throw new Error('the test database is not started');
  return db.withSchemaLock(fn);
}

/** The address of this run's database, for an app started as a separate process. */
export function testDatabaseUri(): string {
  const uri = db?.engine?.uri ?? testConfig().MONGODB_URI;
  if (!uri) throw new Error('the test database is not started');
  return uri;
}

/**
 * The PostgreSQL under this run's FerretDB (the query-plans and lock tests ask it
 * directly): the machine's with TEST_ENGINE=postgresql, else the embedded one, as the
 * app finds it (db.ts).
 */
export function testPostgresUrl(): string {
  return postgresqlUrlOf(testConfig());
}

export async function stopDatabase(opts: { drop?: boolean } = {}): Promise<void> {
  if (!db) return;
  if (opts.drop && externalPostgresql) await mongoose.connection.db?.dropDatabase().catch(() => undefined);
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

/**
 * The shared app; the services a test calls outside any request run in its scope (its
 * catalogue, its statistics' counters), as the app's own requests do.
 */
export async function getApp(): Promise<Express> {
  if (!app) {
    app = await createApp({ config: testConfig(), logger });
    appScopeOf(app).makeDefault();
  }
  return app;
}

/** Empties every collection: each test file starts from a blank database. */
export async function clearDatabase(): Promise<void> {
  const collections = await mongoose.connection.db!.collections();
  await Promise.all(collections.map((c) => c.deleteMany({})));
}
