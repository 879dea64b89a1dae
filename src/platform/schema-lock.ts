/**
 * The lock between dropping collections and the engine's index keeper. The launcher
 * (tools/ferretdb/main.go, SchemaLockKey) builds its GIN indexes under a shared
 * PostgreSQL advisory lock; a restore and the tests drop collections under the
 * exclusive one. Without it a drop waited for CREATE INDEX CONCURRENTLY while the index
 * build waited for the drop's session: PostgreSQL ended one of them with a deadlock.
 */
import pg from 'pg';

/** The same number as SchemaLockKey in tools/ferretdb/main.go ("KRN" and 1). */
export const SCHEMA_LOCK_KEY = 0x4b524e0001n;

/**
 * Runs `fn` while holding the exclusive schema lock on the PostgreSQL at `url` (the
 * embedded engine's, or POSTGRESQL_URL); without a URL (MongoDB: no keeper), just runs it.
 */
export async function withSchemaLock<T>(url: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!url) return fn();
  const client = new pg.Client({ connectionString: plainUrl(url) });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY.toString()]);
    return await fn();
  } finally {
    // Ending the session releases the lock too; unlock first for a clean log.
    await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY.toString()]).catch(() => undefined);
    await client.end();
  }
}

/** pgx's pool options in FerretDB's URL (`pool_max_conns`…) that libpq-style clients refuse. */
function plainUrl(url: string): string {
  const u = new URL(url);
  for (const name of [...u.searchParams.keys()]) if (name.startsWith('pool_')) u.searchParams.delete(name);
  return u.toString();
}
