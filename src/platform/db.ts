/**
 * One Mongoose connection. MONGODB_URI when set; otherwise the embedded engine.
 * Indexes are created explicitly at start (autoIndex off), so a real MongoDB gets
 * them and a failure shows at start rather than on a request.
 */
import mongoose from 'mongoose';
import type { Config } from '../config.js';
import { startEmbeddedEngine, type EmbeddedEngine } from './embedded-engine.js';
import type { Logger } from './logger.js';
import { migrateSqliteData } from './sqlite-migration.js';

// A typo in a filter must fail loudly, never match everything.
mongoose.set('strictQuery', 'throw');
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', true);

export interface Database {
  connection: mongoose.Connection;
  engine?: EmbeddedEngine;
  close(): Promise<void>;
}

export async function connectDatabase(
  config: Pick<Config, 'MONGODB_URI' | 'DATA_DIR' | 'POSTGRESQL_URL'>,
  logger: Logger,
  opts: { dbName?: string; postgresqlSettings?: string[] } = {},
): Promise<Database> {
  let engine: EmbeddedEngine | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    engine = await startEmbeddedEngine({
      dataDir: config.DATA_DIR,
      postgresqlUrl: config.POSTGRESQL_URL,
      postgresqlSettings: opts.postgresqlSettings,
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
    await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000 });
    await ensureIndexes();
  } catch (err) {
    await engine?.stop();
    throw err;
  }
  logger.info({ embedded: Boolean(engine) }, 'database connected');
  return {
    connection: mongoose.connection,
    engine,
    async close() {
      await mongoose.disconnect();
      await engine?.stop();
    },
  };
}

/**
 * Creates the declared indexes of every registered model; on another database of the
 * same client with `connection` (mongoose.connection.useDb: a restore into a new database).
 */
export async function ensureIndexes(connection: mongoose.Connection = mongoose.connection): Promise<void> {
  for (const registered of Object.values(mongoose.models)) {
    const model =
      connection === mongoose.connection
        ? registered
        : (connection.models[registered.modelName] ??
          connection.model(registered.modelName, registered.schema, registered.collection.collectionName));
    await model.createCollection().catch(() => undefined);
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

export async function pingDatabase(): Promise<boolean> {
  try {
    await mongoose.connection.db?.admin().ping();
    return true;
  } catch {
    return false;
  }
}
