/**
 * The one-time code of a login card: a resident without e-mail gets a printed card with
 * their username and a code; at the space they type both and choose a password. The code
 * works once, until its end of validity (14 days by default), and only for that account;
 * each card, each use and each refusal is audited.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { withDocumentLock } from '../../platform/document-lock.js';
import { BadInput, Forbidden, TooManyRequests } from '../../platform/errors.js';
import { parseId } from '../../platform/ids.js';
import { endSessionsOfUser } from '../../platform/sessions.js';
import { accountAudit } from './account-audit.js';
import { normaliseUsername } from './account-rules.js';
import { hash, managedAccount, toSessionUser, userKey, type SessionUser } from './accounts.service.js';
import { forgetLoginFailures, loginSucceeded, reserveLoginAttempt, type LoginLimits } from './login-throttle.js';
import { claimLoginCode, findLoginCode, findUserByUsername, saveLoginCode, updateUser } from './user.repository.js';

// No 0/O, 1/I/L: the code is read on paper and typed by someone who rarely types.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A code like "7QX4-M9TB" (31^8 ≈ 8.5 × 10^11 codes; tries are throttled like passwords). */
export function newLoginCode(random: (max: number) => number = randomInt): string {
  const group = () => Array.from({ length: 4 }, () => CODE_ALPHABET[random(CODE_ALPHABET.length)]).join('');
  return `${group()}-${group()}`;
}

/** What a person types: lower case, spaces and dashes anywhere are read as the code. */
const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

const codeHash = (userId: string, code: string) =>
  createHash('sha256')
    .update(`${userId}:${normaliseCode(code)}`)
    .digest('hex');

export interface IssuedCard {
  userId: string;
  username: string;
  displayName: string;
  code: string;
  expiresAt: Date;
}

/** A new card for a resident's account of the leader's site: its code replaces the previous one. */
export async function issueLoginCode(actor: SessionUser, userId: string, now: Date, validityMs: number): Promise<IssuedCard> {
  const target = await managedAccount(actor, userId);
  if (target.role !== 'resident') throw new Forbidden();
  const code = newLoginCode();
  const expiresAt = new Date(now.getTime() + validityMs);
  // One card at a time per account: two prints at once would race on the upsert (FerretDB 1.x).
  await withDocumentLock(userKey(target._id), () =>
    saveLoginCode(target._id, { hash: codeHash(String(target._id), code), expiresAt, createdBy: parseId(actor.id) }),
  );
  await accountAudit.record(actor, 'account.login-card', `user:${String(target._id)}`, { expiresAt: expiresAt.toISOString() });
  return { userId: String(target._id), username: target.username, displayName: target.displayName, code, expiresAt };
}

/**
 * The resident's username, the card's code and a new password: the password is set, and
 * the account returned to log in at once, when the code is this account's, not used yet
 * and still valid. Every other answer is the same
 * refusal, so that nothing tells which part was wrong; tries count as failed logins.
 */
export async function useLoginCode(
  input: { username: string; code: string; password: string },
  address: string,
  limits: LoginLimits,
  now: Date,
): Promise<SessionUser> {
  const name = normaliseUsername(input.username);
  const reserved = await reserveLoginAttempt(name, address, limits, now);
  if (!reserved.allowed) throw new TooManyRequests();
  const user = await findUserByUsername(name);
  const stored = user ? await findLoginCode(user._id) : null;
  const typed = user ? codeHash(String(user._id), input.code) : '';
  const matches =
    stored !== null && typed.length === stored.hash.length && timingSafeEqual(Buffer.from(typed), Buffer.from(stored.hash));
  const usable = matches && stored.expiresAt > now && !user!.deactivatedAt;
  if (!user || !usable || !(await claimLoginCode(typed, user._id))) {
    if (user) await accountAudit.record(toSessionUser(user), 'account.login-code-refused', `user:${String(user._id)}`);
    throw new BadInput('accounts.errors.loginCode');
  }
  const passwordHash = await hash(input.password);
  await withDocumentLock(userKey(user._id), () => updateUser(user._id, { $set: { passwordHash, mustChangePassword: false } }));
  await endSessionsOfUser(user._id);
  await loginSucceeded(name, address, limits, now);
  await forgetLoginFailures(name);
  await accountAudit.record(toSessionUser(user), 'account.login-code-used', `user:${String(user._id)}`);
  return toSessionUser({ ...user, passwordHash, mustChangePassword: false });
}
