/**
 * Login throttling per username and per address, stored in the database so that
 * several app instances share it. Only failures count; a success clears the
 * username's counter. FerretDB has no TTL index: expired entries are purged by the
 * platform's purge job, and the unique index on `key` keeps one entry per key.
 */
import mongoose, { Schema } from 'mongoose';
import { RateLimiterMongo } from 'rate-limiter-flexible';

export const LOGIN_LIMITS = {
  perUsername: { points: 5, duration: 15 * 60 },
  perAddress: { points: 30, duration: 15 * 60 },
};
export const LOGIN_LIMITS_COLLECTION = 'login_limits';

// Declared as a model so its unique index is created at start with the others;
// rate-limiter-flexible writes to the collection itself.
const loginLimitSchema = new Schema(
  { key: String, points: Number, expire: Date },
  { collection: LOGIN_LIMITS_COLLECTION, versionKey: false },
);
loginLimitSchema.index({ key: 1 }, { unique: true });
const LoginLimit = mongoose.model('LoginLimit', loginLimitSchema);

let limiters: { user: RateLimiterMongo; address: RateLimiterMongo } | undefined;

function get() {
  if (!limiters) {
    const options = {
      storeClient: mongoose.connection.getClient(),
      dbName: mongoose.connection.db!.databaseName,
      tableName: LOGIN_LIMITS_COLLECTION,
      disableIndexesCreation: true,
    };
    limiters = {
      user: new RateLimiterMongo({ ...options, keyPrefix: 'u', ...LOGIN_LIMITS.perUsername }),
      address: new RateLimiterMongo({ ...options, keyPrefix: 'ip', ...LOGIN_LIMITS.perAddress }),
    };
  }
  return limiters;
}

/** True when either the username or the address has used up its failures. */
export async function isLoginBlocked(username: string, address: string): Promise<boolean> {
  const { user, address: addr } = get();
  const [u, a] = await Promise.all([user.get(username), addr.get(address)]);
  return (
    (u?.consumedPoints ?? 0) >= LOGIN_LIMITS.perUsername.points || (a?.consumedPoints ?? 0) >= LOGIN_LIMITS.perAddress.points
  );
}

export async function recordLoginFailure(username: string, address: string): Promise<void> {
  const { user, address: addr } = get();
  // consume() rejects once the limit is passed; the count is stored all the same.
  await Promise.allSettled([user.consume(username), addr.consume(address)]);
}

export async function recordLoginSuccess(username: string): Promise<void> {
  await get().user.delete(username);
}

export async function purgeExpiredLoginLimits(now: Date): Promise<number> {
  const res = await LoginLimit.deleteMany({ expire: { $lte: now } });
  return res.deletedCount;
}

/** Tests reset the limiter between cases (a new connection means new limiters). */
export function resetLoginLimiters(): void {
  limiters = undefined;
}
