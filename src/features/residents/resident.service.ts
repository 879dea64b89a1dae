/**
 * Resident records: create, change, find. Every use case checks the actor against the
 * object (resident-access.ts) and writes the audit trail; every write goes through the
 * repository, each update of a record under its lock.
 */
import mongoose from 'mongoose';
import {
  accountSummary,
  createResidentAccount,
  linkResidentAccount,
  requireLeader,
  resetResidentLogin,
  setLargeText,
  type SessionUser,
} from '../accounts/index.js';
import { documentKey, withDocumentLock, withDocumentLocks } from '../../platform/document-lock.js';
import { BadInput } from '../../platform/errors.js';
import { idOrNull, parseId } from '../../platform/ids.js';
import { buildingsOfSite, listedBuilding } from '../sites/index.js';
import { changeHousehold, dwellingOnSite, householdFor, type DwellingInput } from './household.service.js';
import { activeResidentForStaff } from './resident-access.js';
import { residentAudit, subject } from './resident-audit.js';
import { initialOf, searchKeysOf } from './resident-rules.js';
import { placeName } from '../../platform/name-parts.repository.js';
import { residentParts, residentPlace, shownOf } from './resident-parts.service.js';
import * as repo from './resident.repository.js';
import type { ResidentDoc } from './resident.repository.js';
import type { ReadingNeed } from './vocabulary.js';

export type { DwellingInput };

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

// Updates of one record, serialised (FerretDB 1.24 has no atomic update).
export const residentKey = (id: string | mongoose.Types.ObjectId) => documentKey('residents', id);

const toRef = (r: Pick<ResidentDoc, '_id' | 'firstName' | 'lastName' | 'site' | 'user'>): ResidentRef => ({
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

/** Residents by id, one `_id` equality each in parallel (anonymised ones show as "Anonyme"). */
export async function residentRefsByIds(ids: string[]): Promise<ResidentRef[]> {
  if (ids.length === 0) return [];
  const rows = await repo.findResidentsByIds(ids.map((id) => parseId(id)));
  return rows.map(toRef);
}

/** The fields the list searches and groups by, from the names and the dwelling. */
export function searchFields(identity: { firstName: string; lastName: string }, d: Partial<DwellingInput> | null | undefined) {
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
 * moves lastContactAt forward, never back.
 */
export async function recordContact(residentIds: string[], date: Date): Promise<void> {
  if (residentIds.length === 0) return;
  await withDocumentLocks(residentIds.map(residentKey), () =>
    repo.moveContactsForward(
      residentIds.map((id) => parseId(id)),
      date,
    ),
  );
}

/** One record's write under its lock. */
export const updateResident = (id: mongoose.Types.ObjectId, update: Parameters<typeof repo.updateResident>[1]) =>
  withDocumentLock(residentKey(id), () => repo.updateResident(id, update));

export async function createResident(
  actor: SessionUser,
  input: IdentityInput & { dwelling: DwellingInput },
  opts: { demo?: boolean } = {},
): Promise<string> {
  const siteId = requireLeader(actor);
  const { dwelling: typed, birthYear, ...identity } = input;
  const dwelling = await dwellingOnSite(siteId, typed);
  const household = await householdFor(siteId, dwelling, opts.demo);
  const _id = new mongoose.Types.ObjectId();
  const site = parseId(siteId);
  // Its part of the list is chosen and counted under the site's list lock.
  const id = await placeName(residentParts, site, { to: residentPlace({ _id, ...identity }) }, (namePart) =>
    repo.insertResident({
      _id,
      ...identity,
      birthYear: birthYear ?? undefined,
      ...searchFields(identity, dwelling),
      namePart,
      shown: shownOf(household),
      site,
      household: household._id,
      demo: opts.demo ?? false,
    }),
  );
  await residentAudit.record(actor, 'resident.create', subject(id));
  return String(id);
}

export async function updateIdentity(actor: SessionUser, id: string, input: IdentityInput): Promise<void> {
  const r = await activeResidentForStaff(actor, id);
  const { birthYear, ...identity } = input;
  const household = r.household ? await repo.findHouseholdById(r.household) : null;
  // A new name may go into another part of the list.
  await placeName(residentParts, r.site, { from: r.namePart, to: residentPlace({ _id: r._id, ...identity }) }, (namePart) => {
    const rest = { ...identity, ...searchFields(identity, household?.dwelling), namePart };
    return updateResident(r._id, birthYear === null ? { $set: rest, $unset: { birthYear: 1 } } : { $set: { ...rest, birthYear } });
  });
  // A large-print need noted here changes the resident's pages; they can switch it back.
  const largeText = identity.readingNeeds.includes('gros-caracteres');
  if (r.user && largeText !== (r.readingNeeds ?? []).includes('gros-caracteres')) await setLargeText(String(r.user), largeText);
  await residentAudit.record(actor, 'resident.update', subject(r._id), { what: 'identity' });
}

/** Moves the resident to the household of another dwelling (found or created). */
export async function updateDwelling(actor: SessionUser, id: string, typed: DwellingInput): Promise<void> {
  const r = await activeResidentForStaff(actor, id);
  const dwelling = await dwellingOnSite(String(r.site), typed);
  const household = await householdFor(String(r.site), dwelling);
  // Same household: its address details may have been corrected.
  await changeHousehold(household._id, () => ({ dwelling: { ...dwelling } }));
  await updateResident(r._id, {
    $set: {
      household: household._id,
      ...searchFields({ firstName: r.firstName, lastName: r.lastName ?? '' }, dwelling),
      shown: shownOf({ ...household, dwelling }),
    },
  });
  await residentAudit.record(actor, 'resident.update', subject(r._id), { what: 'dwelling' });
}

/** Records that the information notice was given: by the current leader, on `date`. */
export async function recordNotice(actor: SessionUser, id: string, date: Date): Promise<void> {
  const r = await activeResidentForStaff(actor, id);
  await updateResident(r._id, {
    $set: { notice: { givenAt: date, givenBy: parseId(actor.id), givenByName: actor.displayName } },
  });
  await residentAudit.record(actor, 'resident.notice', subject(r._id), { date: date.toISOString().slice(0, 10) });
}

/** Creates the resident's login account from the record, linked both ways. */
export async function createAccountFromRecord(actor: SessionUser, id: string): Promise<{ user: SessionUser }> {
  // Read and write in one lock: a double click makes one account.
  return withDocumentLock(residentKey(id), async () => {
    const r = await activeResidentForStaff(actor, id);
    if (r.user) throw new BadInput('residents.errors.accountExists');
    const created = await createResidentAccount(actor, { firstName: r.firstName, lastName: r.lastName || r.firstName });
    await repo.updateResident(r._id, { $set: { user: parseId(created.user.id) } });
    await linkResidentAccount(created.user.id, String(r._id));
    if (r.readingNeeds?.includes('gros-caracteres')) await setLargeText(created.user.id, true);
    await residentAudit.record(actor, 'resident.account', subject(r._id), { username: created.user.username });
    return { user: created.user };
  });
}

/** The login of a record, as "Nouveau code de connexion" asks about it before it acts. */
export async function loginOfRecord(actor: SessionUser, id: string) {
  const r = await activeResidentForStaff(actor, id);
  const account = r.user ? await accountSummary(String(r.user)) : null;
  if (!r.user || !account) throw new BadInput('loginCards.errors.noAccount');
  return { id: String(r._id), name: `${r.firstName} ${r.lastName ?? ''}`.trim(), username: account.username };
}

/**
 * "Nouveau code de connexion", confirmed: the account's password stops working and its
 * sessions end (accounts' resetResidentLogin); the leader then prints a new login card.
 */
export async function resetLoginOfRecord(actor: SessionUser, id: string): Promise<void> {
  const r = await activeResidentForStaff(actor, id);
  if (!r.user) throw new BadInput('loginCards.errors.noAccount');
  await resetResidentLogin(actor, String(r.user));
}

/**
 * Residents written before the search keys existed get them: a start-up migration
 * (src/jobs.ts; a whole-collection read, off the request path), one resident at a time
 * with `step` (the background queue's yield to requests) between them.
 */
export async function addMissingSearchKeys(step: () => Promise<void> = async () => {}): Promise<number> {
  const rows = await repo.residentsWithoutSearchKeys();
  for (const r of rows) {
    await step();
    const h = r.household ? await repo.findHouseholdById(r.household) : null;
    await repo.setSearchKeysIfMissing(r._id, searchFields({ firstName: r.firstName, lastName: r.lastName ?? '' }, h?.dwelling));
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

/** The buildings a leader's form offers: their site's list (empty: a free field). */
export async function buildingChoices(actor: SessionUser): Promise<string[]> {
  return (await buildingsOfSite(requireLeader(actor))).map((b) => b.label);
}

/** The identity form's current values. */
export async function getIdentity(actor: SessionUser, id: string) {
  const r = await activeResidentForStaff(actor, id);
  const [h, buildings] = await Promise.all([
    r.household ? repo.findHouseholdById(r.household) : null,
    buildingsOfSite(String(r.site)),
  ]);
  const building = h?.dwelling?.building ?? '';
  return {
    ...identityOf(r),
    /** The site's buildings the form offers (empty: a free field). */
    buildings: buildings.map((b) => b.label),
    dwelling: {
      address: h?.dwelling?.address ?? '',
      // As the list names it ("bat c" typed before the list is "Bât. C").
      building: listedBuilding(buildings, building)?.label ?? building,
      entrance: h?.dwelling?.entrance ?? '',
      flat: h?.dwelling?.flat ?? '',
      landlordRef: h?.dwelling?.landlordRef ?? '',
    },
  };
}
