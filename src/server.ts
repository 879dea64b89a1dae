/** Start: config -> database -> app.listen; graceful shutdown on SIGTERM/SIGINT. */
import { loadConfig, ConfigError } from './config.js';
import { createApp } from './app.js';
import { connectDatabase } from './platform/db.js';
import { EngineUnavailable } from './platform/embedded-engine.js';
import { createLogger } from './platform/logger.js';
import { startMaintenance } from './platform/maintenance.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  let db;
  try {
    db = await connectDatabase(config, logger);
  } catch (err) {
    if (err instanceof EngineUnavailable) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const maintenance = startMaintenance(logger, config);
  const app = await createApp({ config, logger });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info(`Kérourien : http://localhost:${config.PORT}`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    maintenance.stop();
    server.close();
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
