/**
 * Login throttling per username and per address, counted in the database (see
 * platform/rate-limits.ts). An attempt is counted as a failure before its password is
 * checked, so parallel attempts cannot all be checked; a success takes it back.
 * A username is slowed down, not locked out: from the Nth failure each failure blocks it
 * for a short while that doubles (30 s, 1 min, 2 min… up to a cap). Locking a stranger's
 * account is not free: failures typed at the multimedia space (SPACE_NETWORKS) and
 * elsewhere are counted apart, so that nobody outside can keep the person from logging
 * in at the space, and a leader's new password clears both. The per-address limit is
 * high (a whole room of residents shares one router) and counts an IPv6 /64 as one.
 */
import type { Config } from '../../config.js';
import { addressKey, addressMatcher } from '../../platform/client-address.js';
import { readCounter, withCounterLocks, writeCounter, type Counter, type Decision } from '../../platform/rate-limits.js';

export interface LoginLimits {
  failuresBeforeBlock: number;
  blockMs: number;
  blockMaxMs: number;
  forgetMs: number;
  addressFailures: number;
  addressWindowMs: number;
  /** An address of the multimedia spaces' own networks. */
  isSpaceAddress: (ip: string) => boolean;
}

/** The settings of src/config.ts that the login limits are made of. */
export type LoginSettings = Pick<
  Config,
  | 'LOGIN_FAILURES_BEFORE_BLOCK'
  | 'LOGIN_BLOCK'
  | 'LOGIN_BLOCK_MAX'
  | 'LOGIN_FORGET'
  | 'LOGIN_ADDRESS_FAILURES'
  | 'LOGIN_ADDRESS_WINDOW'
  | 'SPACE_NETWORKS'
>;

export function loginLimits(c: LoginSettings): LoginLimits {
  return {
    failuresBeforeBlock: c.LOGIN_FAILURES_BEFORE_BLOCK,
    blockMs: c.LOGIN_BLOCK,
    blockMaxMs: c.LOGIN_BLOCK_MAX,
    forgetMs: c.LOGIN_FORGET,
    addressFailures: c.LOGIN_ADDRESS_FAILURES,
    addressWindowMs: c.LOGIN_ADDRESS_WINDOW,
    isSpaceAddress: addressMatcher(c.SPACE_NETWORKS),
  };
}

/** A username's failures from elsewhere, and those typed at the space, counted apart. */
const userKey = (username: string) => `login-user:${username}`;
const spaceUserKey = (username: string) => `login-user-at-space:${username}`;
const userKeyFrom = (username: string, address: string, limits: LoginLimits) =>
  limits.isSpaceAddress(address) ? spaceUserKey(username) : userKey(username);
const addressCounterKey = (address: string) => `login-address:${addressKey(address)}`;

const at = (now: Date, ms: number) => new Date(now.getTime() + ms);

/** Pure: a username's counter after one more attempt, or the refusal while it is blocked. */
export function userAttempt(current: Counter | null, limits: LoginLimits, now: Date): { next?: Counter; result: Decision } {
  if (current?.blockedUntil && current.blockedUntil > now) {
    return { result: { allowed: false, retryAfterMs: current.blockedUntil.getTime() - now.getTime() } };
  }
  const points = (current?.points ?? 0) + 1;
  const over = points - limits.failuresBeforeBlock;
  const blockedUntil = over >= 0 ? at(now, Math.min(limits.blockMs * 2 ** Math.min(over, 30), limits.blockMaxMs)) : null;
  return {
    next: { points, blockedUntil, expire: at(blockedUntil ?? now, limits.forgetMs) },
    result: { allowed: true },
  };
}

/** Pure: an address's counter after one more attempt (a fixed window), or the refusal. */
export function addressAttempt(current: Counter | null, limits: LoginLimits, now: Date): { next?: Counter; result: Decision } {
  if (current && current.points >= limits.addressFailures) {
    return { result: { allowed: false, retryAfterMs: current.expire.getTime() - now.getTime() } };
  }
  return {
    next: { points: (current?.points ?? 0) + 1, expire: current?.expire ?? at(now, limits.addressWindowMs) },
    result: { allowed: true },
  };
}

/**
 * Before the password check: refused while the username is blocked or the address has
 * used up its failures; otherwise the attempt counts as a failure on both, now.
 */
export async function reserveLoginAttempt(username: string, address: string, limits: LoginLimits, now: Date): Promise<Decision> {
  const [u, a] = [userKeyFrom(username, address, limits), addressCounterKey(address)];
  // Both counters are decided together: a refusal by one does not count on the other.
  return withCounterLocks([u, a], async () => {
    const user = userAttempt(await readCounter(u, now), limits, now);
    if (!user.result.allowed) return user.result;
    const byAddress = addressAttempt(await readCounter(a, now), limits, now);
    if (!byAddress.result.allowed) return byAddress.result;
    await Promise.all([writeCounter(u, user.next), writeCounter(a, byAddress.next)]);
    return { allowed: true };
  });
}

/** The right password: the username's failures are forgotten, the address's point given back. */
export async function loginSucceeded(username: string, address: string, limits: LoginLimits, now: Date): Promise<void> {
  const [u, a] = [userKeyFrom(username, address, limits), addressCounterKey(address)];
  await withCounterLocks([u, a], async () => {
    const byAddress = await readCounter(a, now);
    await Promise.all([
      writeCounter(u, null),
      writeCounter(a, byAddress ? { ...byAddress, points: Math.max(0, byAddress.points - 1) } : undefined),
    ]);
  });
}

/** A leader's new password: the username's failures, from anywhere, are forgotten at once. */
export async function forgetLoginFailures(username: string): Promise<void> {
  const keys = [userKey(username), spaceUserKey(username)];
  await withCounterLocks(keys, () => Promise.all(keys.map((k) => writeCounter(k, null))).then(() => undefined));
}
