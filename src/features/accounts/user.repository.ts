/**
 * Every read and write of accounts: equalities on top-level fields (FerretDB 1.x on
 * PostgreSQL turns them into SQL), indexes declared in the model.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { window } from '../../platform/paging.js';
import { findBy, namedQueries } from '../../platform/repository.js';
import { isDuplicateKey } from '../../platform/ids.js';
import { forgetAccount } from '../../platform/session-cache.js';
import type { Role } from '../../platform/session-user.js';
import { Installation } from './installation.model.js';
import { User, type UserDoc } from './user.model.js';
import { LoginCode, LoginCodeUse, type LoginCodeDoc } from './login-code.model.js';

export type { UserDoc };

type Id = mongoose.Types.ObjectId;
const byName = { displayName: 1 as const };

const build = {
  userById: (id: Id) => ({ model: User, filter: { _id: id } }),
  userByUsername: (username: string) => ({ model: User, filter: { username } }),
  usersOfRole: (role: Role) => ({ model: User, filter: { role }, sort: byName }),
  usersOfSiteAndRole: (site: Id, role: Role) => ({ model: User, filter: { site, role }, sort: byName }),
  residentAccount: (id: Id) => ({ model: User, filter: { _id: id, role: 'resident' as const } }),
  loginCodeOfUser: (user: Id) => ({ model: LoginCode, filter: { _id: user } }),
  loginCodeUse: (hash: string) => ({ model: LoginCodeUse, filter: { _id: hash } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const userQueries = namedQueries(build, {
  userById: [oid()],
  userByUsername: ['marie.leguerec'],
  usersOfRole: ['leader'],
  usersOfSiteAndRole: [oid(), 'resident'],
  residentAccount: [oid()],
  loginCodeOfUser: [oid()],
  loginCodeUse: ['0'.repeat(64)],
});

export const findUserById = (id: Id) => User.findOne(build.userById(id).filter).lean<UserDoc>();
export const findUserByUsername = (username: string) => User.findOne(build.userByUsername(username).filter).lean<UserDoc>();
export const anyUserOfRole = (role: Role) => User.findOne(build.usersOfRole(role).filter, { _id: 1 }).lean<{ _id: Id }>();

/** The accounts an actor manages, one page (and one more row), or up to `max` without a page. */
export function managedUsers(filter: { role: Role; site?: Id }, page?: number, max = 500) {
  const spec = filter.site ? build.usersOfSiteAndRole(filter.site, filter.role) : build.usersOfRole(filter.role);
  const q = findBy(spec);
  if (page === undefined) return q.limit(max).lean<UserDoc[]>();
  const { skip, limit } = window(page);
  return q.skip(skip).limit(limit).lean<UserDoc[]>();
}

/**
 * Which of these usernames are taken: one equality on the unique `username` each, in
 * parallel (a regular expression over every account is not pushed down).
 */
export async function usernamesTaken(candidates: string[]): Promise<Set<string>> {
  const rows = await Promise.all(
    candidates.map((username) =>
      User.findOne(build.userByUsername(username).filter, { username: 1 }).lean<{ username: string }>(),
    ),
  );
  return new Set(rows.filter((r): r is { username: string } => r !== null).map((r) => r.username));
}

/** Inserts an account; the unique index on `username` refuses a name taken (E11000). */
export async function insertUser(doc: Record<string, unknown>): Promise<UserDoc> {
  return (await User.create(doc)).toObject() as UserDoc;
}

type Update = { $set?: Record<string, unknown>; $unset?: Record<string, 1> };

/** One write of an account; the caller holds its lock (userKey). The sessions' caches forget it. */
export async function updateUser(id: Id, update: Update): Promise<void> {
  forgetAccount(String(id));
  await User.updateOne(build.userById(id).filter, update);
  forgetAccount(String(id));
}

/** One write of a resident's account (never another role's); the caller holds its lock. */
export async function updateResidentAccount(id: Id, update: Update): Promise<void> {
  forgetAccount(String(id));
  await User.updateOne(build.residentAccount(id).filter, update);
  forgetAccount(String(id));
}

const FIRST_COORDINATOR = 'first-coordinator';

/** Claims the first-run set-up for one coordinator's id: true for the one insert that passes. */
export async function claimInstallation(coordinator: Id, at: Date): Promise<boolean> {
  try {
    await Installation.create({ _id: FIRST_COORDINATOR, coordinator, at });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Gives the claim back when the coordinator could not be created after all. */
export async function releaseInstallation(coordinator: Id): Promise<void> {
  await Installation.deleteOne({ _id: FIRST_COORDINATOR, coordinator });
}

// ---------- login cards' one-time codes ----------

export const findLoginCode = (user: Id) =>
  LoginCode.findOne(build.loginCodeOfUser(user).filter).lean<LoginCodeDoc & { _id: Id }>();

/** A new card's code replaces the account's previous one (one document per account). */
export async function saveLoginCode(user: Id, doc: { hash: string; expiresAt: Date; createdBy: Id }): Promise<void> {
  await LoginCode.replaceOne(build.loginCodeOfUser(user).filter, { _id: user, ...doc }, { upsert: true });
}

/** Marks a code used: false when it was already (the unique `_id` refuses a second insert). */
export async function claimLoginCode(hash: string, user: Id): Promise<boolean> {
  try {
    await LoginCodeUse.create({ _id: hash, user });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
