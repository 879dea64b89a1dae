/** Start: config -> database -> app.listen; graceful shutdown on SIGTERM/SIGINT. */
import { loadConfig, ConfigError } from './config.js';
import { appScopeOf, createApp } from './app.js';
import { prepareCredentialKeys } from './features/certificates/index.js';
import { connectDatabase } from './platform/db.js';
import { EngineUnavailable } from './platform/embedded-engine.js';
import { watchDatabase } from './platform/health.js';
import { createLogger } from './platform/logger.js';
import { featureJobs } from './jobs.js';
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
  for (const warning of config.warnings) logger.warn(`configuration: ${warning}`);
  let db;
  try {
    // The app itself: a second app on the same DATA_DIR refuses to start (a task reuses it).
    db = await connectDatabase(config, logger, { exclusive: true });
  } catch (err) {
    if (err instanceof EngineUnavailable) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp({ config, logger });
  // The credentials' signing keys: made now when this machine has none (not at the first download).
  await appScopeOf(app)
    .run(() => prepareCredentialKeys(new Date()))
    .catch((err: unknown) => logger.warn({ err }, 'credential keys not ready'));
  const maintenance = startMaintenance(logger, config, featureJobs(app));
  // An embedded engine that stops answering is restarted, without a restart of the app.
  const watch = watchDatabase(config, db.engine, logger);
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info(`Kérourien : http://localhost:${config.PORT}`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // The background job in progress stops at its next step (it resumes at the next start).
    const maintenanceStopped = maintenance.stop();
    watch.stop();
    // Stop accepting, let the requests in flight finish (their writes included), then
    // close the database: a request cut short must never lose an acknowledged write.
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const idleTimer = setInterval(() => server.closeIdleConnections(), 200);
    // Past this, connections are cut: a request cut there may have done half its writes.
    // Generous, so that a loaded machine finishes its requests (service managers wait 90 s).
    const forceTimer = setTimeout(() => {
      logger.warn('stopping: requests still running after 30 s, connections cut');
      server.closeAllConnections();
    }, 30_000);
    await drained;
    clearInterval(idleTimer);
    clearTimeout(forceTimer);
    await maintenanceStopped;
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
