/**
 * The residents list's parts (platform/name-parts.ts) and its copy of the household
 * (`shown`): what each write of a resident or a household keeps right, so that a page of
 * the list reads the site's parts document and one part (at most 50 residents), and no
 * household. Laid out whole by the start-up migration `resident-list-parts`, seed:scale
 * and stats:rebuild.
 */
import type mongoose from 'mongoose';
import { documentKey, withDocumentLock, withDocumentLocks } from '../../platform/document-lock.js';
import type { JobContext } from '../../platform/background.js';
import { nameSortKey } from '../../platform/name-parts.js';
import { relaySiteParts, type NamePartsList } from '../../platform/name-parts.repository.js';
import type { Migration } from '../../platform/migrations.js';
import { initialOf } from './resident-rules.js';
import * as repo from './resident.repository.js';
import type { HouseholdDoc } from './resident.repository.js';

type Id = mongoose.Types.ObjectId;
// The same key as resident.service.ts's residentKey (which imports this file).
const lockOf = (id: Id) => documentKey('residents', id);

/** The list's sort key of a resident: last name, first name, then the id. */
export const residentNameKey = (r: { _id: unknown; firstName: string; lastName?: string | null }) =>
  nameSortKey(`${r.lastName ?? ''} ${r.firstName}`, r._id);

/** Where a resident goes in the list: its letter and its key. */
export const residentPlace = (r: { _id: unknown; firstName: string; lastName?: string | null }) => ({
  letter: initialOf({ firstName: r.firstName, lastName: r.lastName ?? '' }),
  key: residentNameKey(r),
});

/** What the list shows of a household, kept on each member. */
export function shownOf(h: Pick<HouseholdDoc, 'dwelling' | 'subscription'> | null | undefined) {
  return {
    building: h?.dwelling?.building ?? '',
    entrance: h?.dwelling?.entrance ?? '',
    flat: h?.dwelling?.flat ?? '',
    subscription: h?.subscription?.status ?? '',
  };
}

export const residentParts: NamePartsList = {
  name: 'residents',
  rowsOfPart: async (site, part) =>
    (await repo.residentsOfPart(site, part)).map((r) => ({ _id: r._id, key: residentNameKey(r) })),
  moveRows: (ids, part) =>
    withDocumentLocks(ids.map(lockOf), () => repo.setResidentFields(ids.map((_id) => ({ _id, $set: { namePart: part } })))),
};

/** A household changed: each member (about 2.5) gets its new copy, under the member's lock. */
export async function refreshShown(household: Id, h: Pick<HouseholdDoc, 'dwelling' | 'subscription'>): Promise<void> {
  const shown = shownOf(h);
  for (const m of await repo.membersOfHousehold(household)) {
    await withDocumentLock(lockOf(m._id), () => repo.updateResident(m._id, { $set: { shown } }));
  }
}

/** A site's residents as the parts see them, with the part each carries. */
async function namedRowsOfSite(site: Id) {
  return (await repo.residentsOfSite(site)).map((r) => ({ ...residentPlace(r), _id: r._id, part: r.namePart ?? null, r }));
}

/**
 * The parts of every site laid out again from the residents, and each resident's copy of
 * its household; under each site's list lock. `check`: nothing written. Answers the
 * differences found (a row in the wrong part, a count, a copy out of date) and the writes.
 */
export async function rebuildResidentParts(
  opts: { check?: boolean; step?: () => Promise<void> } = {},
): Promise<{ differences: string[]; written: number }> {
  const differences: string[] = [];
  let written = 0;
  for (const site of await repo.sitesOfResidents()) {
    await opts.step?.();
    const done = await relaySiteParts(
      'residents',
      site,
      opts,
      async () => {
        const households = new Map((await repo.householdsOfSite(site)).map((h) => [String(h._id), h]));
        const rows = (await namedRowsOfSite(site)).map((x) => ({
          ...x,
          shown: shownOf(x.r.household ? households.get(String(x.r.household)) : null),
        }));
        const shownWrong = rows.filter((x) => {
          const have = x.r.shown as Record<string, unknown> | undefined;
          return !have || Object.entries(x.shown).some(([k, v]) => have[k] !== v);
        });
        return { rows, otherDifferences: shownWrong.map((x) => `${String(x._id)}: household copy out of date`) };
      },
      (row, namePart) => ({ _id: row._id, $set: { namePart, shown: row.shown } }),
      repo.setResidentFields,
    );
    differences.push(...done.differences);
    written += done.written;
  }
  return { differences, written };
}

/** Residents written before the list's parts and household copy (issue 20). */
export const residentPartsMigration: Migration = {
  name: 'resident-list-parts',
  run: async (ctx: JobContext) => (await rebuildResidentParts({ step: ctx.step })).written,
};
