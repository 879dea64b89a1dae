/**
 * Counters in the database (login throttling, the public certificate check), so that a
 * restart keeps them. FerretDB 1.24 loses `$inc` upserts under concurrency (40 parallel
 * wrong passwords were all checked), so every read-modify-write of a key runs inside the
 * document lock; a unique index on `key` keeps one entry per key. FerretDB has no TTL
 * index: expired entries are purged by the maintenance job.
 */
import type { RequestHandler } from 'express';
import mongoose, { Schema } from 'mongoose';
import { addressKey } from './client-address.js';
import { documentKey, withDocumentLock, withDocumentLocks } from './document-lock.js';

export const RATE_LIMITS_COLLECTION = 'rate_limits';

/** One key's counter. `expire`: when it is forgotten; `blockedUntil`: refused until then. */
export interface Counter {
  points: number;
  expire: Date;
  blockedUntil?: Date | null;
}

const rateLimitSchema = new Schema(
  { key: String, points: Number, expire: Date, blockedUntil: Date },
  { collection: RATE_LIMITS_COLLECTION, versionKey: false },
);
rateLimitSchema.index({ key: 1 }, { unique: true });
const RateLimit = mongoose.model('RateLimit', rateLimitSchema);

const lockKey = (key: string) => documentKey(RATE_LIMITS_COLLECTION, key);

/** One key's live counter (null when absent or expired). Call it inside the key's lock. */
export async function readCounter(key: string, now: Date): Promise<Counter | null> {
  const doc = await RateLimit.findOne({ key }).lean<Counter & { key: string }>();
  return doc && doc.expire > now ? { points: doc.points, expire: doc.expire, blockedUntil: doc.blockedUntil } : null;
}

/** Writes one key's counter: null deletes it, undefined leaves it. Call it inside the key's lock. */
export async function writeCounter(key: string, next: Counter | null | undefined): Promise<void> {
  if (next === null) await RateLimit.deleteOne({ key });
  else if (next) {
    await RateLimit.updateOne(
      { key },
      { $set: { points: next.points, expire: next.expire, blockedUntil: next.blockedUntil ?? null } },
      { upsert: true },
    );
  }
}

/** Reads one key's counter, lets `change` decide, writes what it returns: inside the key's lock. */
export async function changeCounter<T>(
  key: string,
  now: Date,
  change: (current: Counter | null) => { next?: Counter | null; result: T },
): Promise<T> {
  return withDocumentLock(lockKey(key), async () => {
    const { next, result } = change(await readCounter(key, now));
    await writeCounter(key, next);
    return result;
  });
}

/** Locks `keys` (in a fixed order) for a decision that changes several counters. */
export function withCounterLocks<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
  return withDocumentLocks(keys.map(lockKey), fn);
}

const PURGE_BATCH = 100;

/** Deletes the counters past their expiry (each under its lock, so no count is lost). */
export async function purgeExpiredRateLimits(now: Date): Promise<number> {
  const expired = await RateLimit.find({ expire: { $lte: now } }, { key: 1 }).lean<{ key: string }[]>();
  let deleted = 0;
  for (let i = 0; i < expired.length; i += PURGE_BATCH) {
    const keys = expired.slice(i, i + PURGE_BATCH).map((e) => e.key);
    deleted += await withCounterLocks(keys, async () => {
      const res = await RateLimit.deleteMany({ key: { $in: keys }, expire: { $lte: now } });
      return res.deletedCount;
    });
  }
  return deleted;
}

export type Decision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A fixed window: `points` per `durationMs`, counted from the window's first request. */
export function countInWindow(
  current: Counter | null,
  limit: { points: number; durationMs: number },
  now: Date,
): { next?: Counter; result: Decision } {
  if (current && current.points >= limit.points) {
    return { result: { allowed: false, retryAfterMs: current.expire.getTime() - now.getTime() } };
  }
  const expire = current?.expire ?? new Date(now.getTime() + limit.durationMs);
  return { next: { points: (current?.points ?? 0) + 1, expire }, result: { allowed: true } };
}

/** Seconds for a Retry-After header: whole, at least 1. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * A middleware counting every request per client address (`req.ip`, which follows
 * X-Forwarded-For only from a trusted proxy; an IPv6 address by its /64); over the limit
 * it calls `refuse` (which answers, e.g. with a 429 page) instead of the route.
 */
export function limitPerAddress(
  opts: { prefix: string; points: number; duration: number },
  refuse: RequestHandler,
): RequestHandler {
  const limit = { points: opts.points, durationMs: opts.duration * 1000 };
  return (req, res, next) => {
    const now = new Date();
    changeCounter(`${opts.prefix}:${addressKey(req.ip)}`, now, (c) => countInWindow(c, limit, now)).then((decision) => {
      if (decision.allowed) return next();
      res.setHeader('Retry-After', String(retryAfterSeconds(decision.retryAfterMs)));
      return refuse(req, res, next);
    }, next);
  };
}
