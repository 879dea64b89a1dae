/**
 * Login throttling per username and per address, counted in the database (see
 * platform/rate-limits.ts). Only failures count; a success clears the username's counter.
 */
import { dbLimiter } from '../../platform/rate-limits.js';

export const LOGIN_LIMITS = {
  perUsername: { points: 5, duration: 15 * 60 },
  perAddress: { points: 30, duration: 15 * 60 },
};

const byUser = () => dbLimiter('u', LOGIN_LIMITS.perUsername.points, LOGIN_LIMITS.perUsername.duration);
const byAddress = () => dbLimiter('ip', LOGIN_LIMITS.perAddress.points, LOGIN_LIMITS.perAddress.duration);

/** True when either the username or the address has used up its failures. */
export async function isLoginBlocked(username: string, address: string): Promise<boolean> {
  const [u, a] = await Promise.all([byUser().get(username), byAddress().get(address)]);
  return (
    (u?.consumedPoints ?? 0) >= LOGIN_LIMITS.perUsername.points || (a?.consumedPoints ?? 0) >= LOGIN_LIMITS.perAddress.points
  );
}

export async function recordLoginFailure(username: string, address: string): Promise<void> {
  // consume() rejects once the limit is passed; the count is stored all the same.
  await Promise.allSettled([byUser().consume(username), byAddress().consume(address)]);
}

export async function recordLoginSuccess(username: string): Promise<void> {
  await byUser().delete(username);
}
