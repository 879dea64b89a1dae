/**
 * Resident records and households: create, change, list, find. Every use case checks
 * the actor against the object (resident-access.ts) and writes the audit trail.
 */
import mongoose from 'mongoose';
import { createResidentAccount, linkResidentAccount, requireLeader, setLargeText, type SessionUser } from '../accounts/index.js';
import { audit } from '../../platform/audit.js';
import { documentKey, withDocumentLock, withDocumentLocks } from '../../platform/document-lock.js';
import { BadInput } from '../../platform/errors.js';
import { countHousehold, countHouseholdById } from '../statistics/counters.js';
import { Household, type HouseholdDoc } from './household.model.js';
import { activeResidentForStaff } from './resident-access.js';
import { slicePage, type Page } from '../../platform/paging.js';
import {
  byName,
  dwellingKey,
  hasNoSubscription,
  initialOf,
  LETTERS,
  matchesSearch,
  searchKeysOf,
  searchWords,
  type Letter,
  type ListFilter,
  type ListRow,
} from './resident-rules.js';
import { Resident, type ReadingNeed, type ResidentDoc } from './resident.model.js';
import * as repo from './resident.repository.js';
import { idOrNull, isDuplicateKey, parseId } from '../../platform/ids.js';

export const subject = (id: string | mongoose.Types.ObjectId) => `resident:${String(id)}`;

export interface DwellingInput {
  address: string;
  building: string;
  entrance: string;
  flat: string;
  landlordRef: string;
}

export interface IdentityInput {
  firstName: string;
  lastName: string;
  birthYear: number | null;
  phone: string;
  noPhone: boolean;
  email: string;
  jobSeeker: boolean;
  readingNeeds: ReadingNeed[];
}

/** What other features know of a resident. */
export interface ResidentRef {
  id: string;
  firstName: string;
  lastName: string;
  siteId: string;
  userId: string | null;
}

// Updates of one record or one household, serialised (FerretDB 1.24 has no atomic update).
export const residentKey = (id: string | mongoose.Types.ObjectId) => documentKey('residents', id);
export const householdKey = (id: string | mongoose.Types.ObjectId) => documentKey('households', id);

const toRef = (r: ResidentDoc): ResidentRef => ({
  id: String(r._id),
  firstName: r.firstName,
  lastName: r.lastName ?? '',
  siteId: String(r.site),
  userId: r.user ? String(r.user) : null,
});

/** The resident record of a login account, or null (e.g. a resident with no record yet). */
export async function findResidentOfUser(
  userId: string,
): Promise<{ id: string; firstName: string; lastName: string; siteId: string; birthYear: number | null } | null> {
  if (!idOrNull(userId)) return null;
  const r = await repo.findResidentOfUser(new mongoose.Types.ObjectId(userId));
  if (!r || r.anonymisedAt) return null;
  const { id, firstName, lastName, siteId } = toRef(r);
  return { id, firstName, lastName, siteId, birthYear: r.birthYear ?? null };
}

/** The site's active residents, by name: to pick attendees of a workshop session. */
export async function listResidentRefsOfSite(siteId: string): Promise<ResidentRef[]> {
  const rows = await repo.residentsOfSite(parseId(siteId));
  return rows
    .map((r) => toRef(r as ResidentDoc))
    .sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));
}

/** Residents by id, one `_id` equality each in parallel (anonymised ones show as "Anonyme"). */
export async function residentRefsByIds(ids: string[]): Promise<ResidentRef[]> {
  if (ids.length === 0) return [];
  const rows = await repo.findResidentsByIds(ids.map((id) => parseId(id)));
  return rows.map(toRef);
}

/** The fields the list searches and groups by, from the names and the dwelling. */
function searchFields(identity: { firstName: string; lastName: string }, d: Partial<DwellingInput> | null | undefined) {
  return {
    searchKeys: searchKeysOf({
      firstName: identity.firstName,
      lastName: identity.lastName ?? '',
      building: d?.building ?? '',
      entrance: d?.entrance ?? '',
      flat: d?.flat ?? '',
    }),
    initial: initialOf({ firstName: identity.firstName, lastName: identity.lastName ?? '' }),
  };
}

/**
 * A contact (support entry, workshop) keeps a record alive for the retention rule:
 * moves lastContactAt forward, never back. Written without $max so FerretDB serves it.
 */
export async function recordContact(residentIds: string[], date: Date): Promise<void> {
  if (residentIds.length === 0) return;
  await withDocumentLocks(residentIds.map(residentKey), () =>
    Resident.updateMany(
      {
        _id: { $in: residentIds.map((id) => parseId(id)) },
        $or: [{ lastContactAt: { $exists: false } }, { lastContactAt: null }, { lastContactAt: { $lt: date } }],
      },
      { $set: { lastContactAt: date } },
    ),
  );
}

/**
 * Finds the household living in a dwelling of the site, or creates it: one document.
 * Created by an insert guarded by the unique index on (site, key), the only atomic write
 * on FerretDB 1.24 (an upsert that finds the household would write it back whole); the
 * lock makes residents created at once for one flat wait for the first one's household.
 */
async function householdFor(siteId: string, d: DwellingInput, demo = false): Promise<HouseholdDoc> {
  const key = dwellingKey(d);
  const site = parseId(siteId);
  return withDocumentLock(householdKey(`${siteId}:${key}`), async () => {
    const found = await Household.findOne({ site, key }).lean<HouseholdDoc>();
    if (found) return found;
    try {
      const created = (await Household.create({ site, key, dwelling: d, demo })).toObject() as HouseholdDoc;
      await countHousehold(created);
      return created;
    } catch (err) {
      // Another instance created it first (MongoDB): take that one.
      if (!isDuplicateKey(err)) throw err;
      return (await Household.findOne({ site, key }).lean<HouseholdDoc>())!;
    }
  });
}

export async function createResident(
  actor: SessionUser,
  input: IdentityInput & { dwelling: DwellingInput },
  opts: { demo?: boolean } = {},
): Promise<string> {
  const siteId = requireLeader(actor);
  const { dwelling, birthYear, ...identity } = input;
  const household = await householdFor(siteId, dwelling, opts.demo);
  const doc = await Resident.create({
    ...identity,
    birthYear: birthYear ?? undefined,
    ...searchFields(identity, dwelling),
    site: parseId(siteId),
    household: household._id,
    demo: opts.demo ?? false,
  });
  await audit(actor, 'resident.create', subject(doc._id));
  return String(doc._id);
}

export async function updateIdentity(actor: SessionUser, id: string, input: IdentityInput): Promise<void> {
  const r = await activeResidentForStaff(actor, id);
  const { birthYear, ...identity } = input;
  const household = r.household ? await repo.findHouseholdById(r.household) : null;
  const rest = { ...identity, ...searchFields(identity, household?.dwelling) };
  await withDocumentLock(residentKey(r._id), () =>
    Resident.updateOne(
      { _id: r._id },
      birthYear === null ? { $set: rest, $unset: { birthYear: 1 } } : { $set: { ...rest, birthYear } },
    ),
  );
  // A large-print need noted here changes the resident's pages; they can switch it back.
  const largeText = identity.readingNeeds.includes('gros-caracteres');
  if (r.user && largeText !== (r.readingNeeds ?? []).includes('gros-caracteres')) await setLargeText(String(r.user), largeText);
  await audit(actor, 'resident.update', subject(r._id), { what: 'identity' });
}

/** Moves the resident to the household of another dwelling (found or created). */
export async function updateDwelling(actor: SessionUser, id: string, dwelling: DwellingInput): Promise<void> {
  const r = await activeResidentForStaff(actor, id);
  const household = await householdFor(String(r.site), dwelling);
  // Same household: its address details may have been corrected.
  await withDocumentLock(householdKey(household._id), async () => {
    await Household.updateOne({ _id: household._id }, { $set: { dwelling: { ...dwelling } } });
    await countHouseholdById(household._id);
  });
  await withDocumentLock(residentKey(r._id), () =>
    Resident.updateOne(
      { _id: r._id },
      { $set: { household: household._id, ...searchFields({ firstName: r.firstName, lastName: r.lastName ?? '' }, dwelling) } },
    ),
  );
  await audit(actor, 'resident.update', subject(r._id), { what: 'dwelling' });
}

/** Records that the information notice was given: by the current leader, on `date`. */
export async function recordNotice(actor: SessionUser, id: string, date: Date): Promise<void> {
  const r = await activeResidentForStaff(actor, id);
  await withDocumentLock(residentKey(r._id), () =>
    Resident.updateOne(
      { _id: r._id },
      { $set: { notice: { givenAt: date, givenBy: parseId(actor.id), givenByName: actor.displayName } } },
    ),
  );
  await audit(actor, 'resident.notice', subject(r._id), { date: date.toISOString().slice(0, 10) });
}

/** Creates the resident's login account from the record, linked both ways. */
export async function createAccountFromRecord(actor: SessionUser, id: string) {
  // Read and write in one lock: a double click makes one account.
  return withDocumentLock(residentKey(id), async () => {
    const r = await activeResidentForStaff(actor, id);
    if (r.user) throw new BadInput('residents.errors.accountExists');
    const created = await createResidentAccount(actor, { firstName: r.firstName, lastName: r.lastName || r.firstName });
    await Resident.updateOne({ _id: r._id }, { $set: { user: parseId(created.user.id) } });
    await linkResidentAccount(created.user.id, String(r._id));
    if (r.readingNeeds?.includes('gros-caracteres')) await setLargeText(created.user.id, true);
    await audit(actor, 'resident.account', subject(r._id), { username: created.user.username });
    return created;
  });
}

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
    households = new Map((await repo.householdsOfSite(site)).map((h) => [String(h._id), h]));
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
 * Residents written before the search keys existed get them: run once at start by the
 * maintenance job (a whole-collection read, off the request path).
 */
export async function addMissingSearchKeys(): Promise<number> {
  const rows = await Resident.find({ initial: { $exists: false }, anonymisedAt: { $exists: false } })
    .select({ firstName: 1, lastName: 1, household: 1 })
    .lean<ResidentDoc[]>();
  for (const r of rows) {
    const h = r.household ? await repo.findHouseholdById(r.household) : null;
    await Resident.updateOne(
      { _id: r._id, initial: { $exists: false } },
      { $set: searchFields({ firstName: r.firstName, lastName: r.lastName ?? '' }, h?.dwelling) },
    );
  }
  return rows.length;
}

/** A resident's identity as plain values: the identity form and the record page show it. */
export function identityOf(r: ResidentDoc) {
  return {
    id: String(r._id),
    firstName: r.firstName,
    lastName: r.lastName ?? '',
    birthYear: r.birthYear ?? null,
    phone: r.phone ?? '',
    noPhone: Boolean(r.noPhone),
    email: r.email ?? '',
    jobSeeker: Boolean(r.jobSeeker),
    readingNeeds: [...(r.readingNeeds ?? [])] as ReadingNeed[],
  };
}

/** The identity form's current values. */
export async function getIdentity(actor: SessionUser, id: string) {
  const r = await activeResidentForStaff(actor, id);
  const h = r.household ? await repo.findHouseholdById(r.household) : null;
  return {
    ...identityOf(r),
    dwelling: {
      address: h?.dwelling?.address ?? '',
      building: h?.dwelling?.building ?? '',
      entrance: h?.dwelling?.entrance ?? '',
      flat: h?.dwelling?.flat ?? '',
      landlordRef: h?.dwelling?.landlordRef ?? '',
    },
  };
}
