/**
 * Counters in the database, so that several app instances share them: login
 * throttling, the public certificate check. rate-limiter-flexible writes them;
 * FerretDB has no TTL index, so expired entries are purged by the maintenance job,
 * and a unique index on `key` keeps one entry per key.
 */
import type { RequestHandler } from 'express';
import mongoose, { Schema } from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';

export const RATE_LIMITS_COLLECTION = 'rate_limits';

// A model so that its unique index is created at start with the others.
const rateLimitSchema = new Schema(
  { key: String, points: Number, expire: Date },
  { collection: RATE_LIMITS_COLLECTION, versionKey: false },
);
rateLimitSchema.index({ key: 1 }, { unique: true });
const RateLimit = mongoose.model('RateLimit', rateLimitSchema);

// Limiters hold the driver's client: a new connection (a restart in tests) needs new ones.
const limiters = new Map<string, RateLimiterMongo>();

/** A counter of `points` per `duration` seconds, keys prefixed by `prefix`. */
export function dbLimiter(prefix: string, points: number, duration: number): RateLimiterMongo {
  const id = `${prefix}:${points}:${duration}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterMongo({
      storeClient: mongoose.connection.getClient(),
      dbName: mongoose.connection.db!.databaseName,
      tableName: RATE_LIMITS_COLLECTION,
      disableIndexesCreation: true,
      keyPrefix: prefix,
      points,
      duration,
    });
    limiters.set(id, limiter);
  }
  return limiter;
}

export function resetRateLimiters(): void {
  limiters.clear();
}

export async function purgeExpiredRateLimits(now: Date): Promise<number> {
  const res = await RateLimit.deleteMany({ expire: { $lte: now } });
  return res.deletedCount;
}

/**
 * A middleware counting every request per client address; over the limit it calls
 * `refuse` (which answers, e.g. with a 429 page) instead of the route.
 */
export function limitPerAddress(
  opts: { prefix: string; points: number; duration: number },
  refuse: RequestHandler,
): RequestHandler {
  return (req, res, next) => {
    dbLimiter(opts.prefix, opts.points, opts.duration)
      .consume(req.ip ?? 'unknown')
      .then(
        () => next(),
        (rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) {
            res.setHeader('Retry-After', String(Math.ceil(rejection.msBeforeNext / 1000)));
            return refuse(req, res, next);
          }
          next(rejection);
        },
      );
  };
}
