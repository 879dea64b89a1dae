/**
 * The site's list of residents, one page at a time, read a part of a letter or a search at a time.
 */
import { requireLeader, type SessionUser } from '../accounts/index.js';
import { parseId } from '../../platform/ids.js';
import { byKey, pageOfParts } from '../../platform/name-parts.js';
import { namePartsOf } from '../../platform/name-parts.repository.js';
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
import { residentNameKey } from './resident-parts.service.js';
import * as repo from './resident.repository.js';

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
 * (then every word is checked); with "follow-up needed", those flagged; otherwise the
 * site's parts document, then one part of one letter (platform/name-parts.ts: at most 50
 * residents, whatever the site's size; page N of a letter is its Nth part). "No
 * subscription": the whole site. No household is read: each resident carries what the
 * list shows of it (`shown`, kept by each change of the household).
 */
export async function listResidents(
  actor: SessionUser,
  query: { q: string; filtre: ListFilter; lettre?: Letter; page: number },
): Promise<ResidentList> {
  const site = parseId(requireLeader(actor));
  const words = searchWords(query.q);
  let found: repo.ResidentListDoc[];
  if (words.length > 0) {
    const longest = words.reduce((a, b) => (b.length > a.length ? b : a));
    found = (await repo.residentsWithWord(site, longest)).filter((r) => matchesSearch(r.searchKeys ?? [], query.q));
  } else if (query.filtre === 'suivi') {
    found = await repo.residentsToFollowUp(site);
  } else if (query.filtre === 'sans-abonnement') {
    // Rarely used: the whole site's residents.
    found = (await repo.residentsOfSite(site)).filter((r) => hasNoSubscription(r.shown?.subscription ?? ''));
  } else {
    const at = pageOfParts(await namePartsOf('residents', site), query.lettre, query.page, LETTERS);
    const rows = at.part ? await repo.residentsOfPart(site, at.part) : [];
    const keyed = rows.map((r) => ({ r, key: residentNameKey(r) })).sort(byKey);
    const i = LETTERS.indexOf(at.letter);
    return {
      rows: keyed.map(({ r }) => toRow(r)),
      page: query.page,
      hasPrevious: at.hasPrevious,
      hasNext: at.hasNext,
      letter: at.letter,
      nextLetter: i < LETTERS.length - 1 ? LETTERS[i + 1]! : null,
      previousLetter: i > 0 ? LETTERS[i - 1]! : null,
    };
  }
  if (query.filtre === 'suivi') found = found.filter((r) => r.followUp);
  const page = slicePage(found.sort(byName), query.page);
  return { ...page, rows: page.rows.map(toRow), letter: null, nextLetter: null, previousLetter: null };
}

const toRow = (r: repo.ResidentListDoc): ResidentListRow => ({
  id: String(r._id),
  firstName: r.firstName,
  lastName: r.lastName ?? '',
  building: r.shown?.building ?? '',
  entrance: r.shown?.entrance ?? '',
  flat: r.shown?.flat ?? '',
  subscriptionStatus: r.shown?.subscription ?? '',
  followUp: Boolean(r.followUp),
});

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
