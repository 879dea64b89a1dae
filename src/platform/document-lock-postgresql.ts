/**
 * The lock of a document between processes on FerretDB: a PostgreSQL advisory lock on
 * the engine's own PostgreSQL (embedded, or POSTGRESQL_URL), which every instance on that
 * database shares. FerretDB itself cannot serialise an update (no row lock, FerretDB
 * #3040); PostgreSQL's lock manager can, and it queues waiters fairly, so a busy
 * instance cannot starve another.
 *
 * A session-level lock belongs to the connection that took it, so each holder keeps its
 * connection until it unlocks. Connections come from a small pool of their own (never
 * FerretDB's). Only the first lock of a call chain waits on a connection of its own;
 * a lock taken inside it (a counter inside a fact, withDocumentLocks' keys) first tries
 * on the holder's connection (`pg_try_advisory_lock`, never blocks), and when the key is
 * taken waits on another connection, or, with the pool full, tries again a little later:
 * a holder never waits for a connection that another holder keeps, so the pool cannot
 * deadlock. Only instant statements run on a holder's connection, so parallel branches
 * of one chain may share it.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { DocumentBusy, type CrossProcessHold, type CrossProcessLocks } from './document-lock.js';
import type { Logger } from './logger.js';

/** Connections of the lock pool: each one is one holder's (plus waiters), per process. */
const POOL_SIZE = 10;
/** How long a nested lock waits between tries when the pool is full. */
const RETRY_MS = [2, 5, 10, 20, 50];
/** PostgreSQL's `lock_not_available` (lock_timeout ran out) and `deadlock_detected`. */
const BUSY = new Set(['55P03', '40P01']);

/**
 * The 64-bit number of a key: a hash of the app's database name and the key, so that
 * several app databases on one PostgreSQL database (tests, a restore) never share a lock.
 */
export function advisoryKey(namespace: string, key: string): bigint {
  return createHash('sha256').update(`${namespace}\0${key}`).digest().readBigInt64BE(0);
}

/** Options pgx reads from FerretDB's URL (`pool_max_conns`…) that libpq-style clients refuse. */
function plainUrl(url: string): string {
  const u = new URL(url);
  for (const name of [...u.searchParams.keys()]) if (name.startsWith('pool_')) u.searchParams.delete(name);
  return u.toString();
}

/**
 * Statements on one holder's connection, one after the other: parallel branches of one
 * call chain share it (pg 8 queues overlapping queries itself, but deprecates it).
 */
const queues = new WeakMap<pg.PoolClient, Promise<unknown>>();
function queued<R extends pg.QueryResultRow>(client: pg.PoolClient, sql: string): Promise<pg.QueryResult<R>> {
  const run = (queues.get(client) ?? Promise.resolve()).then(() => client.query<R>(sql));
  queues.set(
    client,
    run.catch(() => undefined),
  );
  return run;
}

/** Connections that have their error listener. */
const watched = new WeakSet<pg.PoolClient>();

interface Options {
  /** The engine's PostgreSQL; read again after a failure (the embedded one may move port). Throws when unknown. */
  url: () => string;
  namespace: string;
  logger: Logger;
}

export const postgresqlDocumentLocks = (opts: Options): CrossProcessLocks => new AdvisoryLocks(opts);

class AdvisoryLocks implements CrossProcessLocks {
  private pool: pg.Pool | undefined;
  private closed = false;
  constructor(private readonly opts: Options) {}

  async acquire(key: string, deadline: number, parentSession: unknown): Promise<CrossProcessHold> {
    if (this.closed) return { release: async () => {} };
    const id = advisoryKey(this.opts.namespace, key);
    const parent = parentSession as pg.PoolClient | undefined;
    if (!parent) return this.acquireOwn(id, key, deadline);
    const onParent: CrossProcessHold = {
      session: parent,
      release: async () => {
        await queued(parent, `SELECT pg_advisory_unlock(${id})`).catch((err: unknown) => {
          this.opts.logger.warn({ err, key }, 'document lock: unlock failed');
        });
      },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const tried = await queued<{ ok: boolean }>(parent, `SELECT pg_try_advisory_lock(${id}) AS ok`);
        if (tried.rows[0]?.ok === true) return onParent;
      } catch (err) {
        return this.unavailable(err, key);
      }
      const pool = this.pool;
      if (!pool || pool.idleCount > 0 || pool.totalCount < POOL_SIZE) return this.acquireOwn(id, key, deadline);
      if (Date.now() >= deadline) throw new DocumentBusy();
      await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  /** Waits for the lock on a connection of its own, which then belongs to the holder. */
  private async acquireOwn(id: bigint, key: string, deadline: number): Promise<CrossProcessHold> {
    const { client, from } = await this.connect(deadline, key);
    const ms = Math.max(1, deadline - Date.now());
    try {
      // One round trip, and the timeout rolls back with a failed wait (one implicit transaction).
      await client.query(`SET lock_timeout = ${ms}; SELECT pg_advisory_lock(${id})`);
    } catch (err) {
      // Waited too long, or PostgreSQL broke a cycle of waits between instances: busy.
      const busy = BUSY.has((err as { code?: string }).code ?? '');
      client.release(busy ? undefined : (err as Error));
      if (busy) throw new DocumentBusy();
      this.forget(from);
      return this.unavailable(err, key);
    }
    return {
      session: client,
      release: async () => {
        try {
          await queued(client, `SELECT pg_advisory_unlock(${id})`);
          client.release();
        } catch (err) {
          // A connection that fails here is dropped: PostgreSQL releases its locks with it.
          client.release(err as Error);
          this.opts.logger.warn({ err, key }, 'document lock: unlock failed, connection dropped');
        }
      },
    };
  }

  /** A connection of the pool, waited for until `deadline`. */
  private async connect(deadline: number, key: string): Promise<{ client: pg.PoolClient; from: pg.Pool }> {
    let pool: pg.Pool;
    try {
      pool = this.poolNow();
    } catch (err) {
      return this.unavailable(err, key);
    }
    let timer: NodeJS.Timeout | undefined;
    const checkout = pool.connect();
    const late = new Promise<'late'>(
      (resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))),
    );
    try {
      const got = await Promise.race([checkout, late]);
      if (got === 'late') {
        // The checkout may still succeed: give that connection back.
        checkout.then(
          (c) => c.release(),
          () => undefined,
        );
        throw new DocumentBusy();
      }
      if (!watched.has(got)) {
        // A held connection that PostgreSQL ends (engine restarted) errs outside any query:
        // without a listener that would stop the app. Its next statement fails, and it is dropped.
        watched.add(got);
        got.on('error', (err) => this.opts.logger.warn({ err }, 'document lock connection lost while held'));
      }
      return { client: got, from: pool };
    } catch (err) {
      if (err instanceof DocumentBusy) throw err;
      this.forget(pool);
      return this.unavailable(err, key);
    } finally {
      clearTimeout(timer);
    }
  }

  private poolNow(): pg.Pool {
    if (this.pool) return this.pool;
    const pool = new pg.Pool({
      connectionString: plainUrl(this.opts.url()),
      max: POOL_SIZE,
      application_name: 'kerourien-locks',
    });
    // An idle connection that dies (PostgreSQL restarted) must not stop the app.
    pool.on('error', (err) => this.opts.logger.warn({ err }, 'document lock connection lost'));
    this.pool = pool;
    return pool;
  }

  /** After a connection failure: the next lock opens a new pool at the address of now. */
  private forget(pool: pg.Pool): void {
    if (this.pool !== pool) return;
    this.pool = undefined;
    pool.end().catch(() => undefined);
  }

  private unavailable(err: unknown, key: string): never {
    this.opts.logger.error({ err, key }, 'document lock: PostgreSQL unreachable');
    throw new DocumentBusy('errors.unavailable');
  }
}
