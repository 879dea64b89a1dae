/**
 * What a picker of residents shows (a workshop session's attendance): the name with the
 * building, entrance and flat (a site has several people of one name). Read by `_id`
 * (those already chosen, a workshop's regulars) or by the list's search (the indexed
 * `searchKeys` equality): never the whole site.
 */
import type mongoose from 'mongoose';
import { parseId } from '../../platform/ids.js';
import { byName, matchesSearch, searchWords } from './resident-rules.js';
import * as repo from './resident.repository.js';

export interface ResidentPick {
  id: string;
  firstName: string;
  lastName: string;
  siteId: string;
  building: string;
  entrance: string;
  flat: string;
  /** Anonymised since (an old attendance sheet still counts them). */
  anonymised: boolean;
}

type Row = Pick<repo.ResidentDoc, '_id' | 'firstName' | 'lastName' | 'site' | 'household'> & { anonymisedAt?: Date | null };

async function withDwellings(rows: Row[]): Promise<ResidentPick[]> {
  const households = await repo.findHouseholdsByIds(rows.flatMap((r) => (r.household ? [r.household] : [])));
  return rows.map((r) => {
    const d = r.household ? households.get(String(r.household))?.dwelling : undefined;
    return {
      id: String(r._id),
      firstName: r.firstName,
      lastName: r.lastName ?? '',
      siteId: String(r.site),
      building: d?.building ?? '',
      entrance: d?.entrance ?? '',
      flat: d?.flat ?? '',
      anonymised: Boolean(r.anonymisedAt),
    };
  });
}

/** Residents by id with their dwelling, in the order asked (unknown ids left out). */
export async function residentPicksByIds(ids: string[]): Promise<ResidentPick[]> {
  if (ids.length === 0) return [];
  const rows = await repo.findResidentsByIds(ids.map((id) => parseId(id)));
  const byId = new Map((await withDwellings(rows)).map((p) => [p.id, p]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The site's active residents whose words start with each word of `q`, by name, at most
 * `max` (and whether there were more): one indexed equality on the longest word.
 */
export async function searchResidentPicks(
  siteId: string,
  q: string,
  max: number,
): Promise<{ rows: ResidentPick[]; more: boolean }> {
  const words = searchWords(q);
  if (words.length === 0) return { rows: [], more: false };
  const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
  const site: mongoose.Types.ObjectId = parseId(siteId);
  const found = (await repo.residentsWithWord(site, longest)).filter((r) => matchesSearch(r.searchKeys ?? [], q)).sort(byName);
  return { rows: await withDwellings(found.slice(0, max)), more: found.length > max };
}
