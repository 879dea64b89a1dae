/**
 * One Mongoose connection. MONGODB_URI when set; otherwise the embedded engine.
 * Indexes are created explicitly at start (autoIndex off), so a real MongoDB gets
 * them and a failure shows at start rather than on a request.
 */
import mongoose from 'mongoose';
import type { Config } from '../config.js';
import { closeCrossProcessLocks, setCrossProcessLocks } from './document-lock.js';
import { leaseDocumentLocks } from './document-lock-lease.js';
import { postgresqlDocumentLocks } from './document-lock-postgresql.js';
import { startEmbeddedEngine, type EmbeddedEngine } from './embedded-engine.js';
import { embeddedPostgresqlUrl } from './embedded-postgres.js';
import type { Logger } from './logger.js';
import { withSchemaLock } from './schema-lock.js';
import { migrateSqliteData } from './sqlite-migration.js';

// A typo in a filter must fail loudly, never match everything.
mongoose.set('strictQuery', 'throw');
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', true);

export interface Database {
  connection: mongoose.Connection;
  engine?: EmbeddedEngine;
  /** Runs `fn` (drops of collections) so that the engine's index keeper never meets it (schema-lock.ts). */
  withSchemaLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function connectDatabase(
  config: Pick<
    Config,
    'MONGODB_URI' | 'DATA_DIR' | 'POSTGRESQL_URL' | 'DB_TIMEOUT' | 'ENGINE_RESTART_DELAY' | 'ENGINE_PG_POOL_MAX' | 'DOCUMENT_LOCK_WAIT'
  >,
  logger: Logger,
  opts: { dbName?: string; postgresqlSettings?: string[]; exclusive?: boolean } = {},
): Promise<Database> {
  let engine: EmbeddedEngine | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    engine = await startEmbeddedEngine({
      dataDir: config.DATA_DIR,
      postgresqlUrl: config.POSTGRESQL_URL,
      postgresqlSettings: opts.postgresqlSettings,
      restartDelayMs: config.ENGINE_RESTART_DELAY,
      pgPoolMax: config.ENGINE_PG_POOL_MAX,
      exclusive: opts.exclusive,
      logger,
      dbName: opts.dbName,
    });
    uri = engine.uri;
    // The previous version's SQLite data, copied once by the process that owns the engine.
    if (engine.owned) {
      await migrateSqliteData(config.DATA_DIR, uri.replace(/\/[^/]*$/, '/'), logger).catch(async (err: unknown) => {
        await engine?.stop();
        throw err;
      });
    }
  }
  try {
    // A page waits at most DB_TIMEOUT for an unreachable database, then answers 503.
    mongoose.set('bufferTimeoutMS', config.DB_TIMEOUT);
    await mongoose.connect(uri, { serverSelectionTimeoutMS: config.DB_TIMEOUT });
    // Under the schema lock: FerretDB's createIndexes on a big table met the launcher's
    // first GIN builds there and PostgreSQL ended the start with "deadlock detected".
    await withSchemaLock(engine ? postgresqlUrlOf(config) : undefined, () => ensureIndexes());
  } catch (err) {
    await engine?.stop();
    throw err;
  }
  logger.info({ embedded: Boolean(engine) }, 'database connected');
  // Writes of a document are serialised across every process on this database (document-lock.ts).
  setCrossProcessLocks(
    engine
      ? postgresqlDocumentLocks({ url: () => postgresqlUrlOf(config), namespace: mongoose.connection.name, logger })
      : leaseDocumentLocks({ logger }),
    { waitMs: config.DOCUMENT_LOCK_WAIT },
  );
  return {
    connection: mongoose.connection,
    engine,
    withSchemaLock: (fn) => withSchemaLock(engine ? postgresqlUrlOf(config) : undefined, fn),
    async close() {
      await closeCrossProcessLocks();
      await mongoose.disconnect();
      await engine?.stop();
    },
  };
}

/** The PostgreSQL under the embedded FerretDB: POSTGRESQL_URL, or the one the app runs in DATA_DIR. */
export function postgresqlUrlOf(config: Pick<Config, 'POSTGRESQL_URL' | 'DATA_DIR'>): string {
  const url = config.POSTGRESQL_URL ?? embeddedPostgresqlUrl(config.DATA_DIR);
  if (!url) throw new Error('the embedded PostgreSQL is not running');
  return url;
}

/**
 * Creates the declared indexes of every registered model; on another database of the
 * same client with `connection` (mongoose.connection.useDb: a restore into a new database).
 * An index that an older version declared without `unique` (households per dwelling) is
 * dropped and made again: FerretDB would keep the old one silently, and MongoDB would
 * refuse the start.
 */
export async function ensureIndexes(connection: mongoose.Connection = mongoose.connection): Promise<void> {
  for (const registered of Object.values(mongoose.models)) {
    const model =
      connection === mongoose.connection
        ? registered
        : (connection.models[registered.modelName] ??
          connection.model(registered.modelName, registered.schema, registered.collection.collectionName));
    await model.createCollection().catch(() => undefined);
    const existing = await model.collection.indexes().catch(() => []);
    for (const [fields, options] of model.schema.indexes()) {
      const name =
        (options as { name?: string }).name ??
        Object.entries(fields)
          .map(([k, v]) => `${k}_${String(v)}`)
          .join('_');
      const found = existing.find((i) => i.name === name);
      if (found && Boolean(found.unique) !== Boolean((options as { unique?: boolean }).unique)) {
        await model.collection.dropIndex(name);
      }
    }
    await model.createIndexes();
  }
}

export function databaseState(): 'connected' | 'connecting' | 'disconnected' {
  switch (mongoose.connection.readyState) {
    case mongoose.ConnectionStates.connected:
      return 'connected';
    case mongoose.ConnectionStates.connecting:
      return 'connecting';
    default:
      return 'disconnected';
  }
}

/** Errors that mean "the database cannot be reached now", as opposed to a bad query. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | null;
  if (!e || typeof e.name !== 'string') return false;
  if (/^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|PoolCleared|Topology)/.test(e.name)) return true;
  // The driver lets a write on the engine's socket, closed as the engine dies, out unwrapped.
  const { code, syscall } = err as { code?: unknown; syscall?: unknown };
  if ((code === 'EPIPE' || code === 'ECONNRESET') && (syscall === 'write' || syscall === 'read')) return true;
  // mongoose, while disconnected, queues commands and fails them after bufferTimeoutMS
  return typeof e.message === 'string' && /buffering timed out/.test(e.message);
}
