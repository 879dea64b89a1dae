/**
 * Households: found or created for a dwelling, changed under their lock, each new state
 * told to the activity log (the statistics count households and subscriptions from it).
 */
import type mongoose from 'mongoose';
import { recordActivity } from '../../platform/activity.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { FormRefused } from '../../platform/forms.js';
import { isDuplicateKey, parseId } from '../../platform/ids.js';
import { buildingsOfSite, fillBuildingsIfEmpty, listedBuilding } from '../sites/index.js';
import { householdActivity } from './resident.activity.js';
import { refreshShown } from './resident-parts.service.js';
import { dwellingKey } from './resident-rules.js';
import * as repo from './resident.repository.js';
import type { HouseholdDoc } from './resident.repository.js';

export interface DwellingInput {
  address: string;
  building: string;
  entrance: string;
  flat: string;
  landlordRef: string;
}

// Updates of one household, serialised (FerretDB 1.24 has no atomic update).
export const householdKey = (id: string | mongoose.Types.ObjectId) => documentKey('households', id);

/**
 * The dwelling as the site names it: when the site lists its buildings, the one typed
 * or chosen must be on the list (any spelling of it: "bat c" is "Bât. C") and the
 * list's label is kept; otherwise a refusal on the building field. No list: as typed.
 */
export async function dwellingOnSite(siteId: string, d: DwellingInput): Promise<DwellingInput> {
  const list = await buildingsOfSite(siteId);
  if (list.length === 0) return d;
  const building = listedBuilding(list, d.building);
  if (!building) throw new FormRefused([{ name: 'building', key: 'residents.errors.buildingNotListed', params: {} }]);
  return { ...d, building: building.label };
}

/**
 * Finds the household living in a dwelling of the site, or creates it: one document.
 * Created by an insert guarded by the unique index on (site, key), the only atomic write
 * on FerretDB 1.24 (an upsert that finds the household would write it back whole); the
 * lock makes residents created at once for one flat wait for the first one's household.
 */
export async function householdFor(siteId: string, d: DwellingInput, demo = false): Promise<HouseholdDoc> {
  const key = dwellingKey(d);
  const site = parseId(siteId);
  return withDocumentLock(householdKey(`${siteId}:${key}`), async () => {
    const found = await repo.findHouseholdOfDwelling(site, key);
    if (found) return found;
    try {
      const created = await repo.insertHousehold({ site, key, dwelling: d, demo });
      await recordActivity(householdActivity(created, new Date()));
      return created;
    } catch (err) {
      // Another instance created it first (MongoDB): take that one.
      if (!isDuplicateKey(err)) throw err;
      return (await repo.findHouseholdOfDwelling(site, key))!;
    }
  });
}

/**
 * Changes a household under its lock: `change` gets it as it is now and answers what to
 * set (nothing: no write). The new state goes to the activity log.
 */
export async function changeHousehold(
  id: mongoose.Types.ObjectId,
  change: (current: HouseholdDoc) => Record<string, unknown> | null,
): Promise<void> {
  await withDocumentLock(householdKey(id), async () => {
    const current = await repo.findHouseholdById(id);
    if (!current) return;
    const $set = change(current);
    if (!$set) return;
    await repo.updateHousehold(id, $set);
    // The residents list shows the dwelling and the subscription from each member's copy.
    if ('dwelling' in $set || 'subscription' in $set) await refreshShown(id, { ...current, ...$set } as HouseholdDoc);
    // Top-level fields only: the household as written is the old one with them replaced.
    await recordActivity(householdActivity({ ...current, ...$set } as HouseholdDoc, new Date()));
  });
}

/**
 * Households keyed before the building rule (`buildingKey`): each gets the key the app
 * now computes, so "bat c" finds the household of "Bât. C". Where two households of a
 * site now share a key, both keep theirs and are counted, never merged silently: a
 * person decides (answers `sharing`, the households left as they were).
 */
export async function rekeyHouseholds(step: () => Promise<void> = async () => {}): Promise<{ changed: number; sharing: number }> {
  let changed = 0;
  let sharing = 0;
  for (const site of await repo.sitesOfResidents()) {
    await step();
    // Households without a dwelling (erased) keep their key.
    const rows = (await repo.householdKeysOfSite(site)).flatMap((h) =>
      h.dwelling ? [{ ...h, now: dwellingKey(h.dwelling) }] : [],
    );
    const count = new Map<string, number>();
    for (const h of rows) count.set(h.now, (count.get(h.now) ?? 0) + 1);
    for (const h of rows) {
      const key = h.now;
      if (key === h.key) continue;
      if ((count.get(key) ?? 0) > 1) {
        sharing += 1;
        continue;
      }
      await step();
      // Under the dwelling's lock too: no household is created for it meanwhile.
      const moved = await withDocumentLock(householdKey(`${String(site)}:${key}`), () =>
        withDocumentLock(householdKey(h._id), async () => {
          if (await repo.findHouseholdOfDwelling(site, key)) return false;
          try {
            await repo.updateHousehold(h._id, { key });
            return true;
          } catch (err) {
            if (!isDuplicateKey(err)) throw err;
            return false;
          }
        }),
      );
      if (moved) changed += 1;
      else sharing += 1;
    }
  }
  return { changed, sharing };
}

/**
 * Sites without a list of buildings get the one their households give (one entry per
 * building key, the label met first); a list a coordinator typed is left alone. Answers
 * how many sites got one.
 */
export async function fillSiteBuildings(step: () => Promise<void> = async () => {}): Promise<number> {
  let filled = 0;
  for (const site of await repo.sitesOfResidents()) {
    await step();
    const labels = (await repo.buildingsOfSite(site)).map((h) => h.dwelling?.building ?? '');
    if (await fillBuildingsIfEmpty(String(site), labels)) filled += 1;
  }
  return filled;
}
