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
 * With `--cpu-profile-dir DIR` it profiles its CPU on demand (node:inspector):
 * `GET /__bench/profile/start`, then `GET /__bench/profile/stop?name=N` writes DIR/N.cpuprofile,
 * so that a profile holds one page's load and not the start.
 *
 * Before listening it runs the data migrations the app's start-up runs (src/jobs.ts
 * MIGRATIONS: the lists' keys of documents an older seed:scale wrote without them), so
 * the pages read what the app's own documents hold.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
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

interface CommandTiming {
  command: string;
  startMs: number;
  ms: number;
}
interface RequestLog {
  commands: string[];
  timings: CommandTiming[];
  started: bigint;
  totalMs?: number;
}
const requestCommands = new AsyncLocalStorage<RequestLog>();
let last: RequestLog = { commands: [], timings: [], started: 0n };
const sinceStart = (log: RequestLog) => Number(process.hrtime.bigint() - log.started) / 1e6;
const shape = (v: unknown) => {
  try {
    return JSON.stringify(v)?.slice(0, 300) ?? '';
  } catch {
    return '?';
  }
};
mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
  requestCommands.getStore()?.commands.push(`${collection}.${method} ${shape(args[0])}`);
});

const config = loadConfig();
const logger = createLogger('silent');
const db = await connectDatabase(config, logger);
const app = await createApp({ config, logger });
await appScopeOf(app).run(() => runMigrations(MIGRATIONS, directContext));
// Command monitoring (on when the URI asks for it): started in the request's async
// context, so its log is known; succeeded matched by the driver's request id.
const started = new Map<number, { log: RequestLog; command: string; startMs: number }>();
const client = mongoose.connection.getClient();
client.on('commandStarted', (e) => {
  const log = requestCommands.getStore();
  const target = (e.command as Record<string, unknown>)[e.commandName];
  if (log) started.set(e.requestId, { log, command: `${String(target)}.${e.commandName}`, startMs: sinceStart(log) });
});
const finished = (e: { requestId: number; duration: number }) => {
  const s = started.get(e.requestId);
  if (!s) return;
  started.delete(e.requestId);
  s.log.timings.push({ command: s.command, startMs: s.startMs, ms: e.duration });
};
client.on('commandSucceeded', finished);
client.on('commandFailed', finished);
const outer = express();
outer.get('/__bench/commands', (_req, res) => {
  res.json(last.commands);
});
const profileDir = parseArgs({ options: { 'cpu-profile-dir': { type: 'string' } } }).values['cpu-profile-dir'];
if (profileDir) {
  const inspector = new Session();
  inspector.connect();
  outer.get('/__bench/profile/start', async (_req, res) => {
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
    res.json({ started: true });
  });
  outer.get('/__bench/profile/stop', async (req, res) => {
    const { profile } = await inspector.post('Profiler.stop');
    const file = path.join(profileDir, `${String(req.query.name ?? 'profile').replace(/[^\w.-]/g, '_')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    res.json({ file });
  });
}
outer.get('/__bench/timings', (_req, res) => {
  res.json({ totalMs: last.totalMs, commands: last.timings });
});
outer.use((_req, res, next) => {
  const log: RequestLog = { commands: [], timings: [], started: process.hrtime.bigint() };
  last = log;
  res.on('finish', () => (log.totalMs = sinceStart(log)));
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
