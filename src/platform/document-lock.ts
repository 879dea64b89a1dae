/**
 * One place that serialises the writes of a document. FerretDB 1.24 applies every update
 * by reading, changing and writing the whole document back, with nothing that stops two
 * connections doing so at once: `$set`, `$inc`, `findOneAndUpdate` and version checks all
 * lose writes under concurrency (40 at once kept 1 to 23). So every update of a
 * document that two requests can touch, and every read-modify-write sequence, runs inside
 * `withDocumentLock(documentKey(collection, id), fn)`.
 *
 * Two layers. In this process, a queue per key: one holder at a time, the others wait in
 * order. Across processes (several app instances, a script beside the app), the holder
 * then asks the database's lock (`setCrossProcessLocks`, chosen by db.ts): a PostgreSQL
 * advisory lock on the engine's PostgreSQL (document-lock-postgresql.ts), or a lease
 * document on MongoDB (document-lock-lease.ts). So a process asks the database once per
 * key however many of its own requests wait for it. Whoever waits longer than
 * DOCUMENT_LOCK_WAIT, in either layer, gets DocumentBusy (a 503 page).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ServiceUnavailable } from './errors.js';

/** The lock of a document could not be had in time: the page says so, and to try again. */
export class DocumentBusy extends ServiceUnavailable {
  constructor(key = 'errors.documentBusy') {
    super(key);
  }
}

/** A document's lock held in the database; `session` is what nested locks may reuse. */
export interface CrossProcessHold {
  release(): Promise<void>;
  readonly session?: unknown;
}

/** The database's lock of a key, between processes. */
export interface CrossProcessLocks {
  /** Waits for `key` until `deadline` (ms since the epoch), then throws DocumentBusy. */
  acquire(key: string, deadline: number, parentSession: unknown): Promise<CrossProcessHold>;
  close(): Promise<void>;
}

/** The tail of each key's queue; a key is removed when its last holder is done. */
const tails = new Map<string, Promise<void>>();

// Keys held by the current async call chain, so that a locked function may call another
// one that locks the same document (e.g. withdraw a validation: read, log, remove).
interface Hold {
  key: string;
  active: boolean;
  session?: unknown;
}
const held = new AsyncLocalStorage<readonly Hold[]>();

let crossProcess: CrossProcessLocks | undefined;
let waitMs = 15_000;

/**
 * The database's lock that every holder asks after its turn in this process (none: this
 * process alone writes), and how long a request may wait for a document (DOCUMENT_LOCK_WAIT).
 */
export function setCrossProcessLocks(locks: CrossProcessLocks | undefined, opts: { waitMs?: number } = {}): void {
  crossProcess = locks;
  if (opts.waitMs !== undefined) waitMs = opts.waitMs;
}

/** The lock in place and its wait, so that a test may put them back after its own. */
export function crossProcessLocks(): { locks: CrossProcessLocks | undefined; waitMs: number } {
  return { locks: crossProcess, waitMs };
}

/** Stops the database's lock (the app's shutdown); later locks are this process's only. */
export async function closeCrossProcessLocks(): Promise<void> {
  const locks = crossProcess;
  crossProcess = undefined;
  await locks?.close();
}

export const documentKey = (collection: string, id: unknown): string => `${collection}:${String(id)}`;

export async function withDocumentLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const holds = held.getStore() ?? [];
  if (holds.some((h) => h.active && h.key === key)) return fn();
  const deadline = Date.now() + waitMs;
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => gate);
  tails.set(key, tail);
  const done = () => {
    // Whoever queued after us chained on `tail`: only the last one removes the key.
    if (tails.get(key) === tail) tails.delete(key);
    release();
  };
  if (!(await turnBefore(previous, deadline))) {
    // Given up: our place in the queue passes on as soon as the one before us is done.
    void previous.then(done);
    throw new DocumentBusy();
  }
  let remote: CrossProcessHold | undefined;
  try {
    const parent = [...holds].reverse().find((h) => h.active && h.session !== undefined);
    remote = await crossProcess?.acquire(key, deadline, parent?.session);
  } catch (err) {
    done();
    throw err;
  }
  const hold: Hold = { key, active: true, session: remote?.session };
  try {
    return await held.run([...holds, hold], fn);
  } finally {
    hold.active = false;
    try {
      await remote?.release();
    } finally {
      done();
    }
  }
}

/** Whether `previous` settled before `deadline` (the in-process wait). */
async function turnBefore(previous: Promise<void>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([previous.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Several documents at once (one updateMany): keys taken in a fixed order, so no deadlock. */
export async function withDocumentLocks<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const run = (i: number): Promise<T> => (i === sorted.length ? fn() : withDocumentLock(sorted[i]!, () => run(i + 1)));
  return run(0);
}

/** How many keys are locked or queued: 0 when the app is idle (tests check no key leaks). */
export function lockedDocumentCount(): number {
  return tails.size;
}
