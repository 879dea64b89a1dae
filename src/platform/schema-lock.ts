/**
 * The lock between dropping collections and the engine's index keeper. The launcher
 * (tools/ferretdb/main.go, SchemaLockKey) builds its GIN indexes under a shared
 * PostgreSQL advisory lock; a restore and the tests drop collections under the
 * exclusive one. Without it a drop waited for CREATE INDEX CONCURRENTLY while the index
 * build waited for the drop's session: PostgreSQL ended one of them with a deadlock.
 */
import pg from 'pg';
import { plainUrl } from './document-lock-postgresql.js';

/** The same number as SchemaLockKey in tools/ferretdb/main.go ("KRN" and 1). */
export const SCHEMA_LOCK_KEY = 0x4b524e0001n;
/** Held by the app while it waits for the lock: the keepers start no new build (SchemaIntentKey). */
export const SCHEMA_INTENT_KEY = SCHEMA_LOCK_KEY + 1n;
/** How often the lock is tried again while the keeper builds an index. */
const RETRY_MS = 100;

/**
 * Runs `fn` while holding the exclusive schema lock on the PostgreSQL at `url` (the
 * embedded engine's, or POSTGRESQL_URL); without a URL (MongoDB: no keeper), just runs it.
 */
export async function withSchemaLock<T>(url: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!url) return fn();
  const client = new pg.Client({ connectionString: plainUrl(url) });
  await client.connect();
  try {
    // First the intent (the keepers then start no new build), then the lock itself.
    await takeExclusive(client, SCHEMA_INTENT_KEY);
    await takeExclusive(client, SCHEMA_LOCK_KEY);
    return await fn();
  } finally {
    // Ending the session releases the locks too; the client ends either way.
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await client.end();
  }
}

/**
 * Tries, never waits inside a statement: a statement waiting for the lock holds a
 * snapshot, which the keeper's CREATE INDEX CONCURRENTLY waits for in turn, and
 * PostgreSQL ends one of the two ("deadlock detected"). One index build at most.
 */
async function takeExclusive(client: pg.Client, key: bigint): Promise<void> {
  const tryLock = async () =>
    (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key.toString()])).rows[0]!.ok;
  while (!(await tryLock())) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
}
