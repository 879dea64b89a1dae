/**
 * Runs a command-line task against the app's database: MONGODB_URI, or the embedded
 * engine on ./data (reusing the app's engine when the app is running, so that two
 * engines never share ./data).
 */
import { loadConfig, ConfigError, type Config } from '../src/config.js';
import { connectDatabase, type Database } from '../src/platform/db.js';
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
  } finally {
    await db.close();
  }
}
