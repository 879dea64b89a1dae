/**
 * Every read of residents, households and support entries on a request path, in one
 * place. Each filter is an equality on top-level fields (FerretDB 1.x on PostgreSQL
 * turns those into SQL; the rest, like `anonymisedAt: { $exists: false }`, is checked
 * on the rows they return) with its index declared in the model.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { Household, type HouseholdDoc } from './household.model.js';
import type { Letter } from './resident-rules.js';
import { Resident, type ResidentDoc } from './resident.model.js';
import { SupportEntry, type SupportEntryDoc } from './support-entry.model.js';

type Id = mongoose.Types.ObjectId;
const active = { anonymisedAt: { $exists: false } };
/** What the list and the pickers show of a resident. */
const LIST_FIELDS = { firstName: 1, lastName: 1, household: 1, followUp: 1, site: 1, user: 1, searchKeys: 1 } as const;

const build = {
  residentById: (id: Id) => ({ model: Resident, filter: { _id: id } }),
  residentOfUser: (user: Id) => ({ model: Resident, filter: { user } }),
  /** One letter of the site's list: the list without a search reads one letter, not the site. */
  residentsOfLetter: (site: Id, initial: Letter) => ({
    model: Resident,
    filter: { site, initial, ...active },
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
  /** The whole site: only the attendance picker of one session and the "no subscription" filter. */
  residentsOfSite: (site: Id) => ({ model: Resident, filter: { site, ...active }, projection: LIST_FIELDS }),
  membersOfHousehold: (household: Id) => ({
    model: Resident,
    filter: { household, ...active },
    projection: { firstName: 1, lastName: 1 },
  }),
  householdById: (id: Id) => ({ model: Household, filter: { _id: id } }),
  householdsOfSite: (site: Id) => ({ model: Household, filter: { site }, projection: { dwelling: 1, subscription: 1 } }),
  entriesOfResident: (resident: Id) => ({ model: SupportEntry, filter: { resident }, sort: { date: -1 as const } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const residentQueries = namedQueries(build, {
  residentById: [oid()],
  residentOfUser: [oid()],
  residentsOfLetter: [oid(), 'k'],
  residentsWithWord: [oid(), 'gue'],
  residentsToFollowUp: [oid()],
  residentsOfSite: [oid()],
  membersOfHousehold: [oid()],
  householdById: [oid()],
  householdsOfSite: [oid()],
  entriesOfResident: [oid()],
});

export type ResidentListDoc = Pick<
  ResidentDoc,
  '_id' | 'firstName' | 'lastName' | 'household' | 'followUp' | 'site' | 'user' | 'searchKeys'
>;

export const findResidentById = (id: Id) => Resident.findOne(build.residentById(id).filter).lean<ResidentDoc>();
export const findResidentOfUser = (user: Id) => Resident.findOne(build.residentOfUser(user).filter).lean<ResidentDoc>();

/** Residents by id: one `_id` equality each, in parallel (`$in` is not pushed down). */
export async function findResidentsByIds(ids: Id[]): Promise<ResidentDoc[]> {
  const rows = await Promise.all([...new Set(ids.map(String))].map((id) => findResidentById(new mongoose.Types.ObjectId(id))));
  return rows.filter((r): r is ResidentDoc => r !== null);
}

export const residentsOfLetter = (site: Id, letter: Letter) =>
  findBy(build.residentsOfLetter(site, letter)).lean<ResidentListDoc[]>();
export const residentsWithWord = (site: Id, word: string) =>
  findBy(build.residentsWithWord(site, word)).lean<ResidentListDoc[]>();
export const residentsToFollowUp = (site: Id) => findBy(build.residentsToFollowUp(site)).lean<ResidentListDoc[]>();
export const residentsOfSite = (site: Id) => findBy(build.residentsOfSite(site)).lean<ResidentListDoc[]>();
export const membersOfHousehold = (household: Id) => findBy(build.membersOfHousehold(household)).lean<ResidentDoc[]>();

export const findHouseholdById = (id: Id) => Household.findOne(build.householdById(id).filter).lean<HouseholdDoc>();
export const householdsOfSite = (site: Id) => findBy(build.householdsOfSite(site)).lean<HouseholdDoc[]>();

/** Households by id: one `_id` equality each, in parallel. */
export async function findHouseholdsByIds(ids: Id[]): Promise<Map<string, HouseholdDoc>> {
  const unique = [...new Set(ids.map(String))];
  const rows = await Promise.all(unique.map((id) => findHouseholdById(new mongoose.Types.ObjectId(id))));
  return new Map(rows.filter((h): h is HouseholdDoc => h !== null).map((h) => [String(h._id), h]));
}

export const entriesOfResident = (resident: Id, limit: number) =>
  findBy(build.entriesOfResident(resident)).limit(limit).lean<SupportEntryDoc[]>();
