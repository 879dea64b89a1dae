/**
 * The resident accounts' parts (platform/name-parts.ts): the accounts list and the
 * residents to validate read the site's parts document and one part of a letter (at
 * most 50 accounts), whatever the site's size. Kept by each new resident account and
 * its erasure; laid out whole by the start-up migration `account-list-parts`,
 * seed:scale and stats:rebuild.
 */
import type mongoose from 'mongoose';
import type { JobContext } from '../../platform/background.js';
import { documentKey, withDocumentLocks } from '../../platform/document-lock.js';
import type { Migration } from '../../platform/migrations.js';
import { nameSortKey } from '../../platform/name-parts.js';
import { relaySiteParts, type NamePartsList } from '../../platform/name-parts.repository.js';
import * as repo from './user.repository.js';

type Id = mongoose.Types.ObjectId;
// The same key as accounts.service.ts's userKey (which imports this file).
const lockOf = (id: Id) => documentKey('users', id);

/** Where a resident account goes in the lists: the letter and the key of its display name. */
export const accountPlace = (u: { _id: unknown; displayName: string }) => ({
  letter: repo.accountInitial(u.displayName),
  key: nameSortKey(u.displayName, u._id),
});

export const accountParts: NamePartsList = {
  name: 'accounts',
  rowsOfPart: async (site, part) =>
    (await repo.residentAccountsOfPart(site, part)).map((u) => ({ _id: u._id, key: accountPlace(u).key })),
  moveRows: (ids, part) =>
    withDocumentLocks(ids.map(lockOf), () => repo.setAccountParts(ids.map((_id) => ({ _id, namePart: part })))),
};

/**
 * Every site's resident accounts laid out again in parts, under each site's list lock
 * (`check`: nothing written). Answers the differences found and the writes.
 */
export async function rebuildAccountParts(
  opts: { check?: boolean; step?: () => Promise<void> } = {},
): Promise<{ differences: string[]; written: number }> {
  const differences: string[] = [];
  let written = 0;
  for (const site of await repo.sitesOfAccounts()) {
    await opts.step?.();
    const done = await relaySiteParts(
      'accounts',
      site,
      opts,
      async () => ({
        rows: (await repo.residentAccountsOfSite(site)).map((u) => ({
          ...accountPlace(u),
          _id: u._id,
          part: u.namePart ?? null,
        })),
      }),
      (row, namePart) => ({ _id: row._id, namePart }),
      repo.setAccountParts,
    );
    differences.push(...done.differences);
    written += done.written;
  }
  return { differences, written };
}

/** Resident accounts written before the lists' parts (issue 20). */
export const accountPartsMigration: Migration = {
  name: 'account-list-parts',
  run: async (ctx: JobContext) => (await rebuildAccountParts({ step: ctx.step })).written,
};
