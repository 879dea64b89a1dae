/**
 * Every read and write of residents, households and support entries, in one place. Each
 * filter on a request path is an equality on top-level fields (FerretDB 1.x on
 * PostgreSQL turns those into SQL; the rest, like `anonymisedAt: { $exists: false }`, is
 * checked on the rows they return) with its index declared in the model; the few that
 * read a whole collection are declared as scans, with where they run.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { WRITE_BATCH } from '../../platform/background.js';
import { findBy, namedQueries } from '../../platform/repository.js';
import { isDuplicateKey } from '../../platform/ids.js';
import { Household, type HouseholdDoc } from './household.model.js';
import { Resident, type ResidentDoc } from './resident.model.js';
import { SupportEntry, type SupportEntryDoc } from './support-entry.model.js';
import { ContractDeadline, type ContractDeadlineDoc } from './contract-deadline.model.js';

export type { HouseholdDoc, ResidentDoc, SupportEntryDoc };

type Id = mongoose.Types.ObjectId;
const active = { anonymisedAt: { $exists: false } };
/** What the list and the pickers show of a resident. */
const LIST_FIELDS = {
  firstName: 1,
  lastName: 1,
  household: 1,
  followUp: 1,
  site: 1,
  user: 1,
  searchKeys: 1,
  namePart: 1,
  shown: 1,
} as const;
/** A household's state, as the activity log and the backfill take it. */
const HOUSEHOLD_STATE = { site: 1, dwelling: 1, subscription: 1, updatedAt: 1 } as const;

const build = {
  residentById: (id: Id) => ({ model: Resident, filter: { _id: id } }),
  residentOfUser: (user: Id) => ({ model: Resident, filter: { user } }),
  /** A demo resident without an account, found again by name (`npm run seed:demo`). */
  demoResidentByName: (site: Id, firstName: string, lastName: string) => ({
    model: Resident,
    filter: { site, firstName, lastName, demo: true },
  }),
  /** One part of a letter of the site's list (platform/name-parts.ts): at most 50 residents. */
  residentsOfPart: (site: Id, namePart: string) => ({
    model: Resident,
    filter: { site, namePart, ...active },
    projection: LIST_FIELDS,
  }),
  /** Residents with a word that starts with `word` (search keys hold every prefix). */
  residentsWithWord: (site: Id, word: string) => ({
    model: Resident,
    filter: { site, searchKeys: word, ...active },
    projection: LIST_FIELDS,
  }),
  residentsToFollowUp: (site: Id) => ({
    model: Resident,
    filter: { site, followUp: true, ...active },
    projection: LIST_FIELDS,
  }),
  /** The whole site: only the list's "no subscription" filter. */
  residentsOfSite: (site: Id) => ({ model: Resident, filter: { site, ...active }, projection: LIST_FIELDS }),
  /** Only what the statistics' anonymous export needs: no names, phone, e-mail. */
  residentProfilesOfSite: (site: Id) => ({
    model: Resident,
    filter: { site },
    projection: { household: 1, birthYear: 1, jobSeeker: 1 },
  }),
  membersOfHousehold: (household: Id) => ({
    model: Resident,
    filter: { household, ...active },
    projection: { firstName: 1, lastName: 1 },
  }),
  /** Every resident not anonymised yet: the retention job's round. */
  residentsNotAnonymised: () => ({
    model: Resident,
    filter: { ...active },
    projection: { createdAt: 1, lastContactAt: 1, anonymisedAt: 1, birthYear: 1, user: 1, firstName: 1, lastName: 1 },
  }),
  /** Residents written before the list's search keys: completed once at start. */
  residentsWithoutSearchKeys: () => ({
    model: Resident,
    filter: { initial: { $exists: false }, ...active },
    projection: { firstName: 1, lastName: 1, household: 1 },
  }),
  residentStillWithoutSearchKeys: (id: Id) => ({ model: Resident, filter: { _id: id, initial: { $exists: false } } }),
  householdById: (id: Id) => ({ model: Household, filter: { _id: id } }),
  householdOfDwelling: (site: Id, key: string) => ({ model: Household, filter: { site, key } }),
  householdsOfSite: (site: Id) => ({ model: Household, filter: { site }, projection: HOUSEHOLD_STATE }),
  /** The building only: never the flat (the statistics' export). */
  buildingsOfSite: (site: Id) => ({ model: Household, filter: { site }, projection: { 'dwelling.building': 1 } }),
  /** The dwelling and its key: the start-up migration rekeys them (household.service.ts). */
  householdKeysOfSite: (site: Id) => ({ model: Household, filter: { site }, projection: { key: 1, dwelling: 1 } }),
  entryById: (id: Id) => ({ model: SupportEntry, filter: { _id: id } }),
  entryOfSubmission: (submission: string) => ({ model: SupportEntry, filter: { submission } }),
  entriesOfResident: (resident: Id) => ({ model: SupportEntry, filter: { resident }, sort: { date: -1 as const } }),
  entriesOfSite: (site: Id) => ({ model: SupportEntry, filter: { site } }),
  deadlinesOfDay: (site: Id, day: string) => ({ model: ContractDeadline, filter: { site, day } }),
  deadlineOfEntry: (entry: Id, kind: 'retractation' | 'fin-engagement' | 'orientation') => ({
    model: ContractDeadline,
    filter: { entry, kind },
  }),
  deadlinesOfResident: (resident: Id) => ({ model: ContractDeadline, filter: { resident } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const residentQueries = namedQueries(
  build,
  {
    residentById: [oid()],
    residentOfUser: [oid()],
    demoResidentByName: [oid(), 'Marie', 'Le Guérec'],
    residentsOfPart: [oid(), 'k:'],
    residentsWithWord: [oid(), 'gue'],
    residentsToFollowUp: [oid()],
    residentsOfSite: [oid()],
    residentProfilesOfSite: [oid()],
    membersOfHousehold: [oid()],
    residentsNotAnonymised: [],
    residentsWithoutSearchKeys: [],
    residentStillWithoutSearchKeys: [oid()],
    householdById: [oid()],
    householdOfDwelling: [oid(), 'a|1|12'],
    householdsOfSite: [oid()],
    buildingsOfSite: [oid()],
    householdKeysOfSite: [oid()],
    entryById: [oid()],
    entryOfSubmission: ['0'.repeat(32)],
    entriesOfResident: [oid()],
    entriesOfSite: [oid()],
    deadlinesOfDay: [oid(), '2026-12-16'],
    deadlineOfEntry: [oid(), 'retractation'],
    deadlinesOfResident: [oid()],
  },
  {
    residentsNotAnonymised: 'the retention job, off the request path',
    residentsWithoutSearchKeys: 'once at start, off the request path',
  },
);

export type ResidentListDoc = Pick<
  ResidentDoc,
  '_id' | 'firstName' | 'lastName' | 'household' | 'followUp' | 'site' | 'user' | 'searchKeys' | 'namePart' | 'shown'
>;
export type HouseholdStateDoc = Pick<HouseholdDoc, '_id' | 'site' | 'dwelling' | 'subscription'> & { updatedAt?: Date };

// ---------- residents ----------

export const findResidentById = (id: Id) => Resident.findOne(build.residentById(id).filter).lean<ResidentDoc>();
export const findResidentOfUser = (user: Id) => Resident.findOne(build.residentOfUser(user).filter).lean<ResidentDoc>();
export const findDemoResidentByName = (site: Id, firstName: string, lastName: string) =>
  Resident.findOne(build.demoResidentByName(site, firstName, lastName).filter).lean<ResidentDoc>();

/** Residents by id: one `_id` equality each, in parallel (`$in` is not pushed down). */
export async function findResidentsByIds(ids: Id[]): Promise<ResidentDoc[]> {
  const rows = await Promise.all([...new Set(ids.map(String))].map((id) => findResidentById(new mongoose.Types.ObjectId(id))));
  return rows.filter((r): r is ResidentDoc => r !== null);
}

export const residentsOfPart = (site: Id, part: string) =>
  findBy(build.residentsOfPart(site, part)).lean<ResidentListDoc[]>();
export const residentsWithWord = (site: Id, word: string) =>
  findBy(build.residentsWithWord(site, word)).lean<ResidentListDoc[]>();
/**
 * Residents to follow up, in no order; at most `limit` (0: all, the list's filter), where
 * FerretDB stops reading (the home's few, not a city site's thousands).
 */
export const residentsToFollowUp = (site: Id, limit = 0) =>
  findBy(build.residentsToFollowUp(site)).limit(limit).lean<ResidentListDoc[]>();
export const residentsOfSite = (site: Id) => findBy(build.residentsOfSite(site)).lean<ResidentListDoc[]>();
export const membersOfHousehold = (household: Id) => findBy(build.membersOfHousehold(household)).lean<ResidentDoc[]>();
export const residentProfilesOfSite = (site: Id) =>
  findBy(build.residentProfilesOfSite(site)).lean<Pick<ResidentDoc, '_id' | 'household' | 'birthYear' | 'jobSeeker'>[]>();
export const residentsNotAnonymised = () => findBy(build.residentsNotAnonymised()).lean<ResidentDoc[]>();
export const residentsWithoutSearchKeys = () => findBy(build.residentsWithoutSearchKeys()).lean<ResidentDoc[]>();

export async function insertResident(doc: Record<string, unknown>): Promise<Id> {
  return (await Resident.create(doc))._id;
}

/** One write of one record; the caller holds its lock (residentKey). */
export async function updateResident(id: Id, update: { $set?: Record<string, unknown>; $unset?: Record<string, 1> }) {
  await Resident.updateOne(build.residentById(id).filter, update);
}

/** Many residents' list fields at once (a migration, a part's split); the caller holds their locks or runs at start. */
export async function setResidentFields(rows: { _id: Id; $set: Record<string, unknown> }[]): Promise<void> {
  // WRITE_BATCH a command: a larger bulkWrite held the engine (background.ts).
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    await Resident.bulkWrite(
      rows
        .slice(i, i + WRITE_BATCH)
        .map((r) => ({ updateOne: { filter: build.residentById(r._id).filter, update: { $set: r.$set } } })),
      { ordered: false },
    );
  }
}

export async function setSearchKeysIfMissing(id: Id, $set: Record<string, unknown>): Promise<void> {
  await Resident.updateOne(build.residentStillWithoutSearchKeys(id).filter, { $set });
}

/**
 * The contact date of several residents moved forward to `date` (never back); the caller
 * holds their locks. Each is read and written by `_id` (an `$in` with an `$or` on the
 * date would read the whole collection on FerretDB 1.x; `$max` is not served there).
 */
export async function moveContactsForward(ids: Id[], date: Date): Promise<void> {
  await Promise.all(
    ids.map(async (id) => {
      const filter = build.residentById(id).filter;
      const row = await Resident.findOne(filter, { lastContactAt: 1 }).lean<Pick<ResidentDoc, 'lastContactAt'>>();
      if (row && !(row.lastContactAt && row.lastContactAt >= date)) {
        await Resident.updateOne(filter, { $set: { lastContactAt: date } });
      }
    }),
  );
}

// ---------- households ----------

export const findHouseholdById = (id: Id) => Household.findOne(build.householdById(id).filter).lean<HouseholdDoc>();
export const findHouseholdOfDwelling = (site: Id, key: string) =>
  Household.findOne(build.householdOfDwelling(site, key).filter).lean<HouseholdDoc>();
export const householdsOfSite = (site: Id) => findBy(build.householdsOfSite(site)).lean<HouseholdStateDoc[]>();
export const householdKeysOfSite = (site: Id) =>
  findBy(build.householdKeysOfSite(site)).lean<Pick<HouseholdDoc, '_id' | 'key' | 'dwelling'>[]>();
export const buildingsOfSite = (site: Id) => findBy(build.buildingsOfSite(site)).lean<Pick<HouseholdDoc, '_id' | 'dwelling'>[]>();

/** Households by id: one `_id` equality each, in parallel. */
export async function findHouseholdsByIds(ids: Id[]): Promise<Map<string, HouseholdDoc>> {
  const unique = [...new Set(ids.map(String))];
  const rows = await Promise.all(unique.map((id) => findHouseholdById(new mongoose.Types.ObjectId(id))));
  return new Map(rows.filter((h): h is HouseholdDoc => h !== null).map((h) => [String(h._id), h]));
}

/** Inserts a household; the unique index on (site, key) refuses a second one for a dwelling (E11000). */
export async function insertHousehold(doc: { site: Id; key: string; dwelling: object; demo: boolean }): Promise<HouseholdDoc> {
  return (await Household.create(doc)).toObject() as HouseholdDoc;
}

/** One write of one household; the caller holds its lock (householdKey). */
export async function updateHousehold(id: Id, $set: Record<string, unknown>): Promise<void> {
  await Household.updateOne(build.householdById(id).filter, { $set });
}

// ---------- support entries ----------

export const entriesOfResident = (resident: Id, limit: number) =>
  findBy(build.entriesOfResident(resident)).limit(limit).lean<SupportEntryDoc[]>();
export const findEntryById = (id: Id) => SupportEntry.findOne(build.entryById(id).filter).lean<SupportEntryDoc>();
export const findEntryOfSubmission = (submission: string) =>
  SupportEntry.findOne(build.entryOfSubmission(submission).filter).lean<SupportEntryDoc>();
/** One site's entries, as a cursor (the activity backfill). */
export const entriesOfSiteCursor = (site: Id) => findBy(build.entriesOfSite(site)).lean<SupportEntryDoc[]>().cursor();

/** Inserts an entry; the unique index on `submission` refuses a repeated form (E11000). */
export async function insertEntry(doc: Record<string, unknown>): Promise<SupportEntryDoc> {
  return (await SupportEntry.create(doc)).toObject() as SupportEntryDoc;
}

/** An entry's free texts blanked (erasure); entries are written once, so no lock is needed. */
export async function updateEntry(id: Id, $set: Record<string, unknown>): Promise<void> {
  await SupportEntry.updateOne(build.entryById(id).filter, { $set });
}

/** Every site that has residents' data (the activity backfill walks them). */
export async function sitesOfResidents(): Promise<Id[]> {
  const [households, entries] = await Promise.all([Household.distinct('site'), SupportEntry.distinct('site')]);
  return [...new Set([...households, ...entries].map(String))].map((id) => new mongoose.Types.ObjectId(id));
}

// ---------- contract deadlines ----------

export const deadlinesOfDay = (site: Id, day: string) => findBy(build.deadlinesOfDay(site, day)).lean<ContractDeadlineDoc[]>();

/** Written once per entry and kind (unique): a retried form writes the same document again. */
export async function saveDeadline(doc: {
  site: Id;
  day: string;
  kind: 'retractation' | 'fin-engagement' | 'orientation';
  resident: Id;
  entry: Id;
}): Promise<void> {
  try {
    await ContractDeadline.updateOne(build.deadlineOfEntry(doc.entry, doc.kind).filter, { $set: doc }, { upsert: true });
  } catch (err) {
    // A double submit wrote the same deadline at the same time: it is there.
    if (!isDuplicateKey(err)) throw err;
  }
}

/** The erasure: a record's deadlines go with it. */
export async function deleteDeadlinesOfResident(resident: Id): Promise<void> {
  await ContractDeadline.deleteMany(build.deadlinesOfResident(resident).filter);
}

/** A referral's follow-up is done once its outcome is recorded. */
export async function deleteDeadline(entry: Id, kind: 'orientation'): Promise<void> {
  await ContractDeadline.deleteOne(build.deadlineOfEntry(entry, kind).filter);
}
