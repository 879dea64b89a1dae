/**
 * The app for `npm run bench`, in its own process so that the load generator does not
 * share its event loop: loadConfig, connectDatabase and createApp as in server.ts,
 * listening on a free local port, which it prints as `listening <port>`. It stops when
 * its parent closes stdin (or dies).
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';

const config = loadConfig();
const logger = createLogger('silent');
const db = await connectDatabase(config, logger);
const app = await createApp({ config, logger });
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
const stop = async () => {
  server.close();
  server.closeAllConnections();
  await db.close();
  process.exit(0);
};
process.stdin.on('end', () => void stop());
process.stdin.on('close', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
