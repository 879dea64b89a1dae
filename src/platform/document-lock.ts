/**
 * One place that serialises the writes of a document. FerretDB 1.24 applies every update
 * by reading, changing and writing the whole document back, with nothing that stops two
 * connections doing so at once: `$set`, `$inc`, `findOneAndUpdate` and version checks all
 * lose writes under concurrency (40 at once kept 1 to 23). So every update of a
 * document that two requests can touch, and every read-modify-write sequence, runs inside
 * `withDocumentLock(documentKey(collection, id), fn)`.
 *
 * The lock lives in this process: it is exact while one app instance owns the engine.
 * Several instances need MongoDB, where the same updates are atomic.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The tail of each key's queue; a key is removed when its last holder is done. */
const tails = new Map<string, Promise<void>>();

// Keys held by the current async call chain, so that a locked function may call another
// one that locks the same document (e.g. withdraw a validation: read, log, remove).
interface Hold {
  key: string;
  active: boolean;
}
const held = new AsyncLocalStorage<readonly Hold[]>();

export const documentKey = (collection: string, id: unknown): string => `${collection}:${String(id)}`;

export async function withDocumentLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const holds = held.getStore() ?? [];
  if (holds.some((h) => h.active && h.key === key)) return fn();
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => gate);
  tails.set(key, tail);
  await previous;
  const hold: Hold = { key, active: true };
  try {
    return await held.run([...holds, hold], fn);
  } finally {
    hold.active = false;
    // Whoever queued after us chained on `tail`: only the last one removes the key.
    if (tails.get(key) === tail) tails.delete(key);
    release();
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
