/**
 * The site's list of residents, one page at a time, read a letter or a search at a time.
 */
import { requireLeader, type SessionUser } from '../accounts/index.js';
import { parseId } from '../../platform/ids.js';
import { slicePage, type Page } from '../../platform/paging.js';
import {
  byName,
  hasNoSubscription,
  LETTERS,
  matchesSearch,
  searchWords,
  type Letter,
  type ListFilter,
  type ListRow,
} from './resident-rules.js';
import * as repo from './resident.repository.js';
import type { HouseholdDoc } from './resident.repository.js';

export interface ResidentListRow extends ListRow {
  id: string;
}

export interface ResidentList extends Page<ResidentListRow> {
  /** The letter shown when there is no search and no "follow-up" filter. */
  letter: Letter | null;
  nextLetter: Letter | null;
  previousLetter: Letter | null;
}

/**
 * One page of the site's list. What is read, always with an equality on `site`:
 * with a search, the residents who have a word starting with the search's longest word
 * (then every word is checked); with "follow-up needed", those flagged; otherwise one
 * letter of the alphabet ("no subscription": the whole site). FerretDB 1.x sorts in memory whatever the query, so a page
 * reads its whole letter or search: a few dozen to a few hundred rows, not the site.
 * Households: the 50 shown, by id (the whole site's only for "no subscription").
 */
export async function listResidents(
  actor: SessionUser,
  query: { q: string; filtre: ListFilter; lettre?: Letter; page: number },
): Promise<ResidentList> {
  const site = parseId(requireLeader(actor));
  const words = searchWords(query.q);
  let letter: Letter | null = null;
  let found: repo.ResidentListDoc[];
  if (words.length > 0) {
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    found = (await repo.residentsWithWord(site, longest)).filter((r) => matchesSearch(r.searchKeys ?? [], query.q));
  } else if (query.filtre === 'suivi') {
    found = await repo.residentsToFollowUp(site);
  } else if (query.filtre === 'sans-abonnement') {
    // Rarely used: the whole site's residents and households (about 0.5 s at 1,500 residents).
    found = await repo.residentsOfSite(site);
  } else if (query.lettre) {
    letter = query.lettre;
    found = await repo.residentsOfLetter(site, letter);
  } else {
    // The first letter with someone: A on a real site (one read), a few more on a small one.
    letter = 'a';
    found = [];
    for (const l of LETTERS) {
      const rows = await repo.residentsOfLetter(site, l);
      if (rows.length > 0) {
        [letter, found] = [l, rows];
        break;
      }
    }
  }
  if (query.filtre === 'suivi') found = found.filter((r) => r.followUp);
  let households: Map<string, HouseholdDoc> | undefined;
  if (query.filtre === 'sans-abonnement') {
    households = new Map((await repo.householdsOfSite(site)).map((h) => [String(h._id), h as HouseholdDoc]));
    const all = households;
    found = found.filter((r) => hasNoSubscription(all.get(String(r.household))?.subscription?.status ?? ''));
  }
  const page = slicePage(found.sort(byName), query.page);
  households ??= await repo.findHouseholdsByIds(page.rows.flatMap((r) => (r.household ? [r.household] : [])));
  const shown = households;
  const rows = page.rows.map((r) => {
    const h = r.household ? shown.get(String(r.household)) : undefined;
    return {
      id: String(r._id),
      firstName: r.firstName,
      lastName: r.lastName ?? '',
      building: h?.dwelling?.building ?? '',
      entrance: h?.dwelling?.entrance ?? '',
      flat: h?.dwelling?.flat ?? '',
      subscriptionStatus: h?.subscription?.status ?? '',
      followUp: Boolean(r.followUp),
    };
  });
  const at = letter ? LETTERS.indexOf(letter) : -1;
  return {
    ...page,
    rows,
    letter,
    nextLetter: letter && at < LETTERS.length - 1 ? LETTERS[at + 1]! : null,
    previousLetter: letter && at > 0 ? LETTERS[at - 1]! : null,
  };
}

/**
 * The first residents flagged for follow-up, by name, with their names only: the leader's
 * home shows a few. One equality read (site, flag); no household is read.
 */
export async function residentsToFollowUp(
  actor: SessionUser,
  max: number,
): Promise<{ rows: { id: string; name: string }[]; more: boolean }> {
  const site = parseId(requireLeader(actor));
  // One more than shown, to know there are more; sorted by name among those read.
  const found = (await repo.residentsToFollowUp(site, max + 1)).filter((r) => r.followUp).sort(byName);
  return {
    rows: found.slice(0, max).map((r) => ({ id: String(r._id), name: `${r.firstName} ${r.lastName ?? ''}`.trim() })),
    more: found.length > max,
  };
}
