/**
 * Is the database answering? /healthz asks it with a short limit and says why not (503
 * with a reason), and a watch restarts an embedded engine that stopped answering.
 *
 * Seen at 10,000 residents: every connection of FerretDB's pool taken, every page and
 * /healthz waiting for ever, only a kill helped. So the check is a real read through the
 * pool (a lookup by `_id` in a small collection), given HEALTH_TIMEOUT at most; the
 * driver reconnects by itself to an engine that comes back, and an embedded engine that
 * answers nothing for ENGINE_STUCK_AFTER is restarted (embedded-engine.ts `restart`).
 */
import mongoose from 'mongoose';
import type { Config } from '../config.js';
import { databaseState } from './db.js';
import { embeddedEngineState, type EmbeddedEngine } from './embedded-engine.js';
import type { Logger } from './logger.js';
import { probeRead } from './migrations.js';

export type Health = { ok: true } | { ok: false; database: string; reason: string };

/** One check: the engine's state, the connection's, then a read within `timeoutMs`. */
export async function checkDatabase(timeoutMs: number): Promise<Health> {
  if (embeddedEngineState() === 'restarting')
    return { ok: false, database: 'restarting', reason: 'the embedded engine is restarting' };
  const state = databaseState();
  if (state !== 'connected') return { ok: false, database: state, reason: `the database connection is ${state}` };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    // A read that takes a connection of the engine's pool, as every page does.
    const answered = await Promise.race([probeRead().then(() => 'ok' as const), timeout]);
    if (answered === 'timeout')
      return { ok: false, database: 'not answering', reason: `no answer from the database within ${timeoutMs} ms` };
    return { ok: true };
  } catch (err) {
    return { ok: false, database: 'error', reason: `the database answered an error: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks the database every few seconds; after ENGINE_STUCK_AFTER without an answer,
 * restarts the embedded engine this process owns (a MongoDB server is not ours to
 * restart: the driver keeps trying it). Logs each change of state.
 */
export function watchDatabase(
  config: Pick<Config, 'HEALTH_TIMEOUT' | 'ENGINE_STUCK_AFTER'>,
  engine: EmbeddedEngine | undefined,
  logger: Logger,
) {
  const everyMs = Math.max(config.HEALTH_TIMEOUT, Math.floor(config.ENGINE_STUCK_AFTER / 5));
  let failingSince: number | undefined;
  let checking = false;
  const check = async () => {
    if (checking || mongoose.connection.readyState === mongoose.ConnectionStates.disconnecting) return;
    checking = true;
    try {
      const health = await checkDatabase(config.HEALTH_TIMEOUT);
      if (health.ok) {
        if (failingSince !== undefined) logger.info('database answering again');
        failingSince = undefined;
        return;
      }
      if (failingSince === undefined) {
        failingSince = Date.now();
        logger.warn({ reason: health.reason }, 'database not answering');
      } else if (Date.now() - failingSince >= config.ENGINE_STUCK_AFTER && health.database !== 'restarting' && engine?.restart) {
        logger.error(
          { reason: health.reason, seconds: Math.round((Date.now() - failingSince) / 1000) },
          'embedded engine stuck: restarting it',
        );
        failingSince = undefined;
        engine.restart();
      }
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
