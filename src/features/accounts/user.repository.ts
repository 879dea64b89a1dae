/**
 * Every read and write of accounts: equalities on top-level fields (FerretDB 1.x on
 * PostgreSQL turns them into SQL), indexes declared in the model.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { WRITE_BATCH, type JobContext } from '../../platform/background.js';
import { inBatches, type Migration } from '../../platform/migrations.js';
import { letterOf } from '../../platform/name-keys.js';
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
  /** One part of a letter of a site's resident accounts (platform/name-parts.ts): at most 50. */
  residentAccountsOfPart: (site: Id, namePart: string) => ({
    model: User,
    filter: { site, role: 'resident' as const, namePart },
  }),
  /** A site's resident accounts: laid out in parts by the start-up migration and stats:rebuild, off the request path. */
  residentAccountsOfSite: (site: Id) => ({
    model: User,
    filter: { site, role: 'resident' as const },
    projection: { displayName: 1, namePart: 1, role: 1, site: 1 },
  }),
  /** Resident accounts written before `initial` existed: completed once at start. */
  residentAccountsWithoutInitial: () => ({
    model: User,
    filter: { initial: { $exists: false } },
    projection: { displayName: 1, role: 1 },
  }),
  residentAccount: (id: Id) => ({ model: User, filter: { _id: id, role: 'resident' as const } }),
  loginCodeOfUser: (user: Id) => ({ model: LoginCode, filter: { _id: user } }),
  loginCodeUse: (hash: string) => ({ model: LoginCodeUse, filter: { _id: hash } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const userQueries = namedQueries(
  build,
  {
    userById: [oid()],
    userByUsername: ['marie.leguerec'],
    usersOfRole: ['leader'],
    residentAccountsOfPart: [oid(), 'm:'],
    residentAccountsOfSite: [oid()],
    residentAccountsWithoutInitial: [],
    residentAccount: [oid()],
    loginCodeOfUser: [oid()],
    loginCodeUse: ['0'.repeat(64)],
  },
  { residentAccountsWithoutInitial: 'once, by the account-initial migration at start (migrations.ts), off the request path' },
);

/** The letter a resident account is listed under (its display name's first letter). */
export const accountInitial = (displayName: string) => letterOf(displayName);

export const findUserById = (id: Id) => User.findOne(build.userById(id).filter).lean<UserDoc>();
export const findUserByUsername = (username: string) => User.findOne(build.userByUsername(username).filter).lean<UserDoc>();
export const anyUserOfRole = (role: Role) => User.findOne(build.usersOfRole(role).filter, { _id: 1 }).lean<{ _id: Id }>();

/** One page of the leaders' accounts (a coordinator manages them: a few dozen in a city), by name. */
export function leadersPage(page: number) {
  const { skip, limit } = window(page);
  return findBy(build.usersOfRole('leader')).skip(skip).limit(limit).lean<UserDoc[]>();
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


/** One part of a site's resident accounts, in no order (sorted by the caller). */
export const residentAccountsOfPart = (site: Id, part: string) =>
  findBy(build.residentAccountsOfPart(site, part)).lean<UserDoc[]>();
/** A site's resident accounts, names and parts only (off the request path). */
export const residentAccountsOfSite = (site: Id) =>
  findBy(build.residentAccountsOfSite(site)).lean<Pick<UserDoc, '_id' | 'displayName' | 'namePart' | 'role'>[]>();
/** Every site with accounts (off the request path). */
export const sitesOfAccounts = async (): Promise<Id[]> =>
  (await User.distinct('site')).filter(Boolean).map((s) => new mongoose.Types.ObjectId(String(s)));

/** Many accounts' parts at once (a migration, a part's split); the caller holds their locks or runs at start. */
export async function setAccountParts(rows: { _id: Id; namePart: string }[]): Promise<void> {
  for (const r of rows) forgetAccount(String(r._id));
  // WRITE_BATCH a command: a larger bulkWrite held the engine (background.ts).
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    await User.bulkWrite(
      rows
        .slice(i, i + WRITE_BATCH)
        .map((r) => ({ updateOne: { filter: build.residentAccount(r._id).filter, update: { $set: { namePart: r.namePart } } } })),
      { ordered: false },
    );
  }
}

/**
 * Inserts an account; the unique index on `username` refuses a name taken (E11000). A
 * resident's account gets its letter (accountInitial), so the lists find it.
 */
export async function insertUser(doc: Record<string, unknown> & { role: Role; displayName: string }): Promise<UserDoc> {
  const initial = doc.role === 'resident' ? { initial: accountInitial(doc.displayName) } : {};
  return (await User.create({ ...doc, ...initial })).toObject() as UserDoc;
}

/**
 * Resident accounts written before `initial` existed get it (a start-up migration): one
 * scan for those without it, then writes by `_id`, WRITE_BATCH at a time.
 */
export const accountInitialMigration: Migration = {
  name: 'account-initial',
  async run(ctx: JobContext) {
    // Staff accounts have no letter: they stay without one (and are written to by nobody here).
    const rows = (
      await findBy(build.residentAccountsWithoutInitial()).lean<{ _id: Id; displayName: string; role: string }[]>()
    ).filter((u) => u.role === 'resident');
    await ctx.step();
    await inBatches(rows, WRITE_BATCH, ctx, async (batch) => {
      await User.bulkWrite(
        batch.map((r) => ({
          updateOne: {
            filter: build.residentAccount(r._id).filter,
            update: { $set: { initial: accountInitial(r.displayName ?? '') } },
          },
        })),
        { ordered: false },
      );
    });
    return rows.length;
  },
};

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
