/**
 * Runs a command-line task against the app's database: MONGODB_URI, or the embedded
 * engine on ./data (reusing the app's engine when the app is running, so that two
 * engines never share ./data). When the database goes away under the task (the app or
 * the engine stopped), says so in French and English and exits with code 1, without
 * a stack trace.
 */
import { loadConfig, ConfigError, type Config } from '../src/config.js';
import { connectDatabase, isDatabaseUnavailable, type Database } from '../src/platform/db.js';
import { EngineUnavailable } from '../src/platform/embedded-engine.js';
import { createLogger, type Logger } from '../src/platform/logger.js';

export async function withDatabase(
  task: (ctx: { config: Config; logger: Logger; db: Database }) => Promise<void>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  let db: Database;
  try {
    db = await connectDatabase(config, logger);
  } catch (err) {
    if (err instanceof EngineUnavailable) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  try {
    await task({ config, logger, db });
  } catch (err) {
    if (!isDatabaseUnavailable(err)) {
      await db.close();
      throw err;
    }
    process.stderr.write(LOST + '\n');
    logger.debug({ err }, 'database lost under a script');
    // Stops an engine of our own if it still runs; closing may also fail or wait on a dead one.
    await Promise.race([db.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    process.exit(1);
  }
  await db.close();
}

const LOST =
  'La connexion à la base de données est perdue : l’application ou le moteur de base de données s’est arrêté. ' +
  'La tâche n’est pas terminée. Relancez-la quand la base est de nouveau disponible.\n' +
  'The connection to the database was lost: the app or the database engine stopped. ' +
  'The task did not finish. Run it again once the database is available.';
