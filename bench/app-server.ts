/**
 * The app for `npm run bench`, in its own process so that the load generator does not
 * share its event loop: loadConfig, connectDatabase and createApp as in server.ts,
 * listening on a free local port, which it prints as `listening <port>`. It stops when
 * its parent closes stdin (or dies).
 *
 * It also counts the database commands of each request (Mongoose's debug hook, tied to
 * the request through AsyncLocalStorage, so background jobs are not counted):
 * `GET /__bench/commands` answers the list for the last request served, each as
 * `collection.method filter`, so the bench reports commands per page.
 *
 * Before listening it runs the data migrations the app's start-up runs (src/jobs.ts
 * MIGRATIONS: the lists' keys of documents an older seed:scale wrote without them), so
 * the pages read what the app's own documents hold.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import express from 'express';
import mongoose from 'mongoose';
import { appScopeOf, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { MIGRATIONS } from '../src/jobs.js';
import { directContext } from '../src/platform/background.js';
import { runMigrations } from '../src/platform/migrations.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';

const requestCommands = new AsyncLocalStorage<string[]>();
let lastCommands: string[] = [];
const shape = (v: unknown) => {
  try {
    return JSON.stringify(v)?.slice(0, 300) ?? '';
  } catch {
    return '?';
  }
};
mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
  requestCommands.getStore()?.push(`${collection}.${method} ${shape(args[0])}`);
});

const config = loadConfig();
const logger = createLogger('silent');
const db = await connectDatabase(config, logger);
const app = await createApp({ config, logger });
await appScopeOf(app).run(() => runMigrations(MIGRATIONS, directContext));
const outer = express();
outer.get('/__bench/commands', (_req, res) => {
  res.json(lastCommands);
});
outer.use((_req, _res, next) => {
  const log: string[] = [];
  lastCommands = log;
  requestCommands.run(log, next);
});
outer.use(app);
const server = outer.listen(0, '127.0.0.1', () => {
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
