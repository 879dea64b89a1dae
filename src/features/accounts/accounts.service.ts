import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import mongoose from 'mongoose';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import { firstFreeUsername, normaliseUsername, proposeUsername, temporaryPassword } from './account-rules.js';
import { forgetLoginFailures, loginSucceeded, reserveLoginAttempt, type LoginLimits } from './login-throttle.js';
import type { Role } from '../../platform/session-user.js';
import {
  anyUserOfRole,
  claimInstallation,
  findUserById,
  findUserByUsername,
  insertUser as insertUserDoc,
  leadersPage,
  residentAccountsOfPart as accountsOfPart,
  releaseInstallation,
  updateUser,
  usernamesTaken,
  type UserDoc,
} from './user.repository.js';
import { LETTERS, lettersAround, type Letter } from '../../platform/name-keys.js';
import { byKey, pageOfParts } from '../../platform/name-parts.js';
import { namePartsOf, placeName } from '../../platform/name-parts.repository.js';
import { pageFrom, type LetterPlace, type Page } from '../../platform/paging.js';
import { accountParts, accountPlace } from './account-parts.service.js';
import { idOrNull, isDuplicateKey, parseId } from '../../platform/ids.js';
import type { SessionUser } from '../../platform/session-user.js';

export type { SessionUser };
import { accountAudit } from './account-audit.js';
import { endSessionsOfUser } from '../../platform/sessions.js';

export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: Date;
  siteId: string | null;
  active: boolean;
  /** The resident's record, where a resident's login is managed; null: none (or a leader). */
  residentId: string | null;
}

export function toSessionUser(u: UserDoc): SessionUser {
  return {
    id: String(u._id),
    username: u.username,
    role: u.role as Role,
    displayName: u.displayName,
    siteId: u.site ? String(u.site) : null,
    locale: (u.locale ?? 'fr') as 'fr' | 'en',
    mustChangePassword: Boolean(u.mustChangePassword),
    largeText: Boolean(u.largeText),
  };
}

// Updates of one account, serialised (FerretDB 1.24 has no atomic update).
export const userKey = (id: unknown) => documentKey('users', id);

export const hash = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// Verified when the username is unknown, so that a miss takes as long as a hit.
let dummyHash: Promise<string> | undefined;

export type LoginResult =
  { ok: true; user: SessionUser } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterMs: number };

export async function authenticate(
  username: string,
  password: string,
  address: string,
  limits: LoginLimits,
  now = new Date(),
): Promise<LoginResult> {
  const name = normaliseUsername(username);
  // Counted as a failure before the check: parallel attempts cannot all be checked.
  const reserved = await reserveLoginAttempt(name, address, limits, now);
  if (!reserved.allowed) return { ok: false, reason: 'throttled', retryAfterMs: reserved.retryAfterMs };
  const user = await findUserByUsername(name);
  dummyHash ??= hash('not a real password');
  const valid = await argon2.verify(user?.passwordHash ?? (await dummyHash), password);
  // A deactivated account is refused like a wrong password: nothing tells it exists.
  if (!user || !valid || user.deactivatedAt) return { ok: false, reason: 'invalid' };
  await loginSucceeded(name, address, limits, now);
  return { ok: true, user: toSessionUser(user) };
}

export async function findSessionUser(id: string): Promise<SessionUser | null> {
  const userId = idOrNull(id);
  if (!userId) return null;
  const user = await findUserById(userId);
  return user && !user.deactivatedAt ? toSessionUser(user) : null;
}

export async function coordinatorExists(): Promise<boolean> {
  return (await anyUserOfRole('coordinator')) !== null;
}

interface NewAccount {
  /** Given when the id must be known before the insert (the first coordinator's claim). */
  id?: mongoose.Types.ObjectId;
  username: string;
  password: string;
  role: Role;
  displayName: string;
  siteId?: string | null;
  mustChangePassword?: boolean;
  createdBy?: string;
  demo?: boolean;
}

async function insertUser(a: NewAccount): Promise<SessionUser> {
  try {
    const _id = a.id ?? new mongoose.Types.ObjectId();
    const fields = {
      _id,
      username: normaliseUsername(a.username),
      passwordHash: await hash(a.password),
      role: a.role,
      displayName: a.displayName,
      site: a.siteId ?? undefined,
      mustChangePassword: a.mustChangePassword ?? false,
      createdBy: a.createdBy,
      demo: a.demo ?? false,
    };
    // A resident's account goes into its part of the site's lists, counted under their lock.
    const doc =
      a.role === 'resident' && a.siteId
        ? await placeName(accountParts, parseId(a.siteId), { to: accountPlace(fields) }, (namePart) =>
            insertUserDoc({ ...fields, namePart }),
          )
        : await insertUserDoc(fields);
    return toSessionUser(doc);
  } catch (err) {
    if (isDuplicateKey(err)) throw new BadInput('accounts.errors.usernameTaken');
    throw err;
  }
}

/** The first-run set-up: refused once any coordinator exists. */
/**
 * The first-run set-up: refused once any coordinator exists, and to all but one of several
 * set-ups sent at once (the claim is an insert guarded by a unique key).
 */
export async function createFirstCoordinator(
  a: { username: string; password: string; displayName: string },
  now = new Date(),
): Promise<SessionUser> {
  if (await coordinatorExists()) throw new Forbidden('accounts.errors.setupDone');
  const id = new mongoose.Types.ObjectId();
  if (!(await claimInstallation(id, now))) throw new Forbidden('accounts.errors.setupDone');
  try {
    return await insertUser({ ...a, id, role: 'coordinator' });
  } catch (err) {
    await releaseInstallation(id);
    throw err;
  }
}

/** Creates an account, or returns the existing one unchanged (used by the demo seed). */
export async function ensureAccount(a: NewAccount): Promise<{ user: SessionUser; created: boolean }> {
  const existing = await findUserByUsername(normaliseUsername(a.username));
  if (existing) return { user: toSessionUser(existing), created: false };
  return { user: await insertUser(a), created: true };
}

export async function createLeader(actor: SessionUser, a: { username: string; displayName: string; siteId: string }) {
  if (actor.role !== 'coordinator') throw new Forbidden();
  const password = temporaryPassword();
  const user = await insertUser({ ...a, password, role: 'leader', mustChangePassword: true, createdBy: actor.id });
  return { user, password };
}

const USERNAME_BATCH = 10;

/** `base`, else `base2`, `base3`…: the first one free, looked up ten names at a time. */
async function freeUsername(base: string): Promise<string> {
  const taken = new Set<string>();
  for (let from = 1; ; from += USERNAME_BATCH) {
    const batch = Array.from({ length: USERNAME_BATCH }, (_, i) => (from + i === 1 ? base : `${base}${from + i}`));
    for (const name of await usernamesTaken(batch)) taken.add(name);
    const free = firstFreeUsername(base, taken);
    if (batch.includes(free)) return free;
  }
}

/** A password nobody knows: the account is entered with its login card's one-time code. */
const unknownPassword = () => randomBytes(32).toString('hex');

/**
 * Leaders create residents of their own site, from the resident's record only (see
 * residents' createAccountFromRecord); the username comes from the name. No password is
 * shown: the resident chooses one with the code of the login card the leader prints.
 */
export async function createResidentAccount(actor: SessionUser, a: { firstName: string; lastName: string }) {
  if (actor.role !== 'leader' || !actor.siteId) throw new Forbidden();
  const base = proposeUsername(a.firstName, a.lastName);
  if (base.length < 2) throw new BadInput('accounts.errors.nameUnusable');
  const username = await freeUsername(base);
  const user = await insertUser({
    username,
    password: unknownPassword(),
    role: 'resident',
    displayName: `${a.firstName} ${a.lastName}`.trim(),
    siteId: actor.siteId,
    createdBy: actor.id,
  });
  return { user };
}

/** An account the actor manages: a resident of a leader's site, or a leader for a coordinator. */
export async function managedAccount(actor: SessionUser, userId: string): Promise<UserDoc> {
  if (actor.role !== 'leader' && actor.role !== 'coordinator') throw new Forbidden();
  const target = await findUserById(parseId(userId));
  const { role, site } = managedFilter(actor);
  if (!target || target.role !== role) throw new NotFound();
  if (site && String(target.site) !== String(site)) throw new Forbidden();
  return target;
}

/**
 * A new temporary password for an account the actor manages; the holder's open
 * sessions end, since the old password may be known to someone else, and the failed
 * logins are forgotten, so that the holder gets in at once (even if a stranger kept
 * their username blocked).
 */
export async function resetManagedPassword(actor: SessionUser, userId: string) {
  // A resident's password is reset from their record, with a new login card.
  if (actor.role !== 'coordinator') throw new Forbidden('accounts.errors.fromRecord');
  const target = await managedAccount(actor, userId);
  const password = temporaryPassword();
  const passwordHash = await hash(password);
  await withDocumentLock(userKey(target._id), () => updateUser(target._id, { $set: { passwordHash, mustChangePassword: true } }));
  await endSessionsOfUser(target._id);
  await forgetLoginFailures(normaliseUsername(target.username));
  await accountAudit.record(actor, 'account.password-reset', `user:${String(target._id)}`);
  return { user: toSessionUser(target), password };
}

/**
 * "Nouveau code de connexion" on a resident's record: the current password stops working
 * (nobody knows the new one), the open sessions end, the failed logins are forgotten; the
 * resident then gets in with the code of a new login card.
 */
export async function resetResidentLogin(actor: SessionUser, userId: string): Promise<SessionUser> {
  const target = await managedAccount(actor, userId);
  if (actor.role !== 'leader' || target.role !== 'resident') throw new Forbidden();
  const passwordHash = await hash(unknownPassword());
  await withDocumentLock(userKey(target._id), () =>
    updateUser(target._id, { $set: { passwordHash, mustChangePassword: false } }),
  );
  await endSessionsOfUser(target._id);
  await forgetLoginFailures(normaliseUsername(target.username));
  await accountAudit.record(actor, 'account.password-reset', `user:${String(target._id)}`);
  return toSessionUser(target);
}

/** What a resident's record shows of the account: its username and whether it may log in. */
export async function accountSummary(userId: string): Promise<{ username: string; active: boolean } | null> {
  const user = await findUserById(parseId(userId));
  return user ? { username: user.username, active: !user.deactivatedAt } : null;
}

/** Deactivates (its sessions end at once) or reactivates an account the actor manages. */
export async function setAccountActive(actor: SessionUser, userId: string, active: boolean): Promise<SessionUser> {
  const target = await managedAccount(actor, userId);
  await withDocumentLock(userKey(target._id), () =>
    updateUser(target._id, active ? { $unset: { deactivatedAt: 1 } } : { $set: { deactivatedAt: new Date() } }),
  );
  if (!active) await endSessionsOfUser(target._id);
  await accountAudit.record(actor, active ? 'account.reactivate' : 'account.deactivate', `user:${String(target._id)}`);
  return toSessionUser(target);
}

/**
 * The holder changes their password: every other session of the account ends (the old
 * password may be known to someone else). `sessionId`: the session that stays (the route
 * then gives it a new id). `current` null: the first password after a temporary one, which
 * this session typed at login a moment ago (asked only while the account must change it).
 */
export async function changePassword(actor: SessionUser, current: string | null, next: string, sessionId: string): Promise<void> {
  // Checked and changed in one lock: a second change must know the password the first set.
  await withDocumentLock(userKey(actor.id), async () => {
    const user = await findUserById(parseId(actor.id));
    if (!user) throw new NotFound();
    if (current === null && !user.mustChangePassword) throw new BadInput('accounts.errors.currentPasswordWrong');
    if (current !== null && !(await argon2.verify(user.passwordHash, current)))
      throw new BadInput('accounts.errors.currentPasswordWrong');
    if (await argon2.verify(user.passwordHash, next)) throw new BadInput('accounts.errors.samePassword');
    await updateUser(user._id, { $set: { passwordHash: await hash(next), mustChangePassword: false } });
  });
  await endSessionsOfUser(actor.id, { except: sessionId });
}

/** The account's own language (/mon-compte), used when the session has chosen none. */
export async function setLocale(actor: SessionUser, locale: 'fr' | 'en'): Promise<void> {
  await withDocumentLock(userKey(actor.id), () => updateUser(parseId(actor.id), { $set: { locale } }));
}

/** Larger text on every page of one account (its owner's choice, or a reading need noted by a leader). */
export async function setLargeText(userId: string, on: boolean): Promise<void> {
  await withDocumentLock(userKey(userId), () => updateUser(parseId(userId), { $set: { largeText: on } }));
}

/** Who an actor manages: a coordinator sees leaders, a leader the residents of their site. */
function managedFilter(actor: SessionUser): { role: Role; site?: mongoose.Types.ObjectId } {
  if (actor.role === 'coordinator') return { role: 'leader' };
  if (actor.role === 'leader' && actor.siteId) return { role: 'resident', site: new mongoose.Types.ObjectId(actor.siteId) };
  throw new Forbidden();
}

const toAccountView = (u: UserDoc): AccountView => ({
  id: String(u._id),
  username: u.username,
  displayName: u.displayName,
  role: u.role as Role,
  mustChangePassword: Boolean(u.mustChangePassword),
  createdAt: (u as unknown as { createdAt: Date }).createdAt,
  siteId: u.site ? String(u.site) : null,
  active: !u.deactivatedAt,
  residentId: u.resident ? String(u.resident) : null,
});

/**
 * The accounts an actor manages, one page, by name: a coordinator's leaders (a few
 * dozen in a city), or one letter of a leader's residents (`letter`; without one, the
 * first letter that has someone).
 */
export async function listManagedAccounts(
  actor: SessionUser,
  query: { page: number; letter?: Letter },
): Promise<AccountsOfLetter> {
  if (actor.role === 'coordinator') {
    return {
      ...pageFrom((await leadersPage(query.page)).map(toAccountView), query.page),
      letter: null,
      previousLetter: null,
      nextLetter: null,
    };
  }
  return residentAccountsOfLetter(actor, query.page, query.letter);
}

/** One account the actor manages, as the reset's confirmation page shows it. */
export async function managedAccountView(actor: SessionUser, userId: string): Promise<AccountView> {
  return toAccountView(await managedAccount(actor, userId));
}

/** `letter`: the letter shown (a leader's residents), null for a coordinator's leaders. */
export type AccountsOfLetter = Page<AccountView> & LetterPlace;


/**
 * The resident accounts of a leader's site under one letter, by name: the site's parts
 * document, then one part of the letter (platform/name-parts.ts: at most 50 accounts,
 * whatever the site's size; page N is the letter's Nth part). Without a letter, the
 * first one that has someone.
 */
export async function residentAccountsOfLetter(actor: SessionUser, page: number, letter?: Letter): Promise<AccountsOfLetter> {
  if (actor.role !== 'leader' || !actor.siteId) throw new Forbidden();
  const site = new mongoose.Types.ObjectId(actor.siteId);
  const at = pageOfParts(await namePartsOf('accounts', site), letter, page, LETTERS);
  const rows = at.part ? await accountsOfPart(site, at.part) : [];
  const keyed = rows.map((u) => ({ u, key: accountPlace(u).key })).sort(byKey);
  return {
    rows: keyed.map(({ u }) => toAccountView(u)),
    page,
    hasPrevious: at.hasPrevious,
    hasNext: at.hasNext,
    letter: at.letter,
    ...lettersAround(at.letter),
  };
}
