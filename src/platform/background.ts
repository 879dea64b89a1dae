/**
 * Background work (start-up migrations, the daily backup, retention, the activity
 * backfill, purges) takes a bounded share of the database: one job at a time through one
 * queue, and between two small steps a job yields to the requests in flight.
 *
 * Measured at 10,000 residents: a start-up job that sent `bulkWrite`s of 500 updates took
 * every connection of FerretDB's pool, and every page (and /healthz) then waited for
 * ever. So a job here holds one connection at a time, writes at most WRITE_BATCH documents
 * per command, and calls `step()` between commands: `step()` waits while requests are
 * being served (the counter kept by `countRequests`), and throws `Stopped` once the app
 * is stopping, so server.ts can wait for the job before it closes the database.
 */
import type { RequestHandler } from 'express';
import type { Logger } from './logger.js';

/** Documents written per command by a background job: a few milliseconds of the engine each. */
export const WRITE_BATCH = 10;
/**
 * How long a step waits for a quiet moment before it goes on anyway: requests come first,
 * but under steady traffic the job still moves (a few batches a second) and finishes.
 */
const MAX_WAIT_MS = 250;
const POLL_MS = 10;

/** Thrown by `step()` when the app is stopping: the job ends where it is and resumes at the next start. */
export class Stopped extends Error {
  constructor() {
    super('background work stopped');
  }
}

export interface JobContext {
  /** Between two steps of work: waits while requests are served; throws Stopped when the app stops. */
  step(): Promise<void>;
}

let inFlight = 0;

/** Counts the requests in flight, for `step()`; the first middleware of the app. */
export function countRequests(): RequestHandler {
  return (_req, res, next) => {
    inFlight += 1;
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      inFlight -= 1;
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };
}

/** The background job running now in this process, if any (/healthz shows it). */
let running: string | undefined;
export const backgroundJob = () => running;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Queued {
  name: string;
  run: (ctx: JobContext) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * The queue: jobs run one after the other, in the order given. One per process (the
 * database connection and the request counter are too).
 */
export class BackgroundQueue {
  private queue: Queued[] = [];
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(private logger?: Logger) {}

  private readonly ctx: JobContext = {
    step: async () => {
      const started = Date.now();
      while (!this.stopped && inFlight > 0 && Date.now() - started < MAX_WAIT_MS) await sleep(POLL_MS);
      if (this.stopped) throw new Stopped();
      // Let the event loop serve what arrived meanwhile before the next command.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };

  /** Runs `job` after the jobs already queued; its result or error. Rejects with Stopped once stopping. */
  run<T>(name: string, job: (ctx: JobContext) => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Stopped());
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ name, run: job, resolve: resolve as (v: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    running = next.name;
    const started = Date.now();
    this.current = (async () => {
      try {
        next.resolve(await next.run(this.ctx));
        this.logger?.debug({ job: next.name, ms: Date.now() - started }, 'background job done');
      } catch (err) {
        if (err instanceof Stopped) this.logger?.info({ job: next.name }, 'background job stopped; it resumes at the next start');
        next.reject(err);
      } finally {
        this.current = undefined;
        running = undefined;
        this.pump();
      }
    })();
  }

  /** Refuses new jobs, drops the queued ones, and waits for the running one to reach its next step. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const q of this.queue.splice(0)) q.reject(new Stopped());
    await this.current;
  }
}

/** A job's context outside the queue (scripts, tests): yields like the queue's, never stops. */
export const directContext: JobContext = {
  step: () => new Promise((resolve) => setImmediate(resolve)),
};
