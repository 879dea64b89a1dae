/**
 * The statistics' reads of other features' collections: the whole of each for the
 * rebuild (a command, off the request path), and one site's support entries, residents
 * and households for the activity export (a download, read once). Read only, with
 * projections that leave names, phones, e-mails and flats out.
 *
 * These import other features' models directly, not through their index.ts: the
 * statistics read those collections as data, and going through the features would tie
 * each of them to the statistics both ways (they call countX() after their writes).
 */
import mongoose from 'mongoose';
import { Certificate } from '../certificates/certificate.model.js';
import { Household } from '../residents/household.model.js';
import { Resident } from '../residents/resident.model.js';
import { SupportEntry } from '../residents/support-entry.model.js';
import { WorkshopSession } from '../sessions/workshop-session.model.js';
import { Site } from '../sites/site.model.js';
import { ValidationEvent } from '../validation/validation.model.js';
import { findBy, namedQueries } from '../../platform/repository.js';

type Id = mongoose.Types.ObjectId;

/** Every site id: of the sites, and of any fact or counter (a site that no longer exists). */
export async function allSiteIds(others: unknown[]): Promise<Id[]> {
  const ids = new Set([...(await Site.find({}, { _id: 1 }).lean()).map((s) => String(s._id)), ...others.map(String)]);
  return [...ids].sort().map((id) => new mongoose.Types.ObjectId(id));
}

// ---------- one site's events, for the rebuild (a command, one site at a time) ----------

export const allSupportEntries = (site: Id) =>
  SupportEntry.find({ site }, { site: 1, resident: 1, kind: 1, date: 1, durationMinutes: 1 }).lean<
    { _id: Id; site: Id; resident: Id; kind: string; date: Date; durationMinutes?: number }[]
  >();
export const allSessions = (site: Id) =>
  WorkshopSession.find({ site }, { site: 1, date: 1, durationMinutes: 1, attendees: 1 }).lean<
    { _id: Id; site: Id; date: Date; durationMinutes?: number; attendees?: Id[] }[]
  >();
export const allValidationEvents = (site: Id) =>
  ValidationEvent.find({ site }, { site: 1, kind: 1, date: 1, at: 1 }).lean<
    { _id: Id; site?: Id; kind: 'validation' | 'retrait'; date?: Date; at: Date }[]
  >();
export const allCertificates = (site: Id) =>
  Certificate.find({ site }, { site: 1, user: 1, issuedAt: 1, status: 1, revokedAt: 1, replaces: 1, replacedBy: 1 }).lean<
    {
      _id: Id;
      site?: Id;
      user: Id;
      issuedAt: Date;
      status: 'valid' | 'revoked';
      revokedAt?: Date;
      replaces?: Id;
      replacedBy?: Id;
    }[]
  >();
export const allHouseholds = (site: Id) =>
  Household.find({ site }, { site: 1, 'dwelling.building': 1, subscription: 1 }).lean<
    {
      _id: Id;
      site: Id;
      dwelling?: { building?: string };
      subscription?: { status?: string; dates?: { actif?: Date; termine?: Date } };
    }[]
  >();

// ---------- one site, for the activity export ----------

export interface ExportEntry {
  _id: Id;
  resident: Id;
  kind: string;
  date: Date;
  durationMinutes?: number;
  place: string;
  details?: { themes?: string[] };
}
export interface ExportResident {
  _id: Id;
  household?: Id;
  birthYear?: number;
  jobSeeker?: boolean;
}
export interface ExportHousehold {
  _id: Id;
  dwelling?: { building?: string };
}

const build = {
  /** One site's entries; the period is kept in memory (a range is not pushed down). */
  entriesOfSite: (site: Id) => ({
    model: SupportEntry,
    filter: { site },
    projection: { resident: 1, kind: 1, date: 1, durationMinutes: 1, place: 1, 'details.themes': 1 },
  }),
  /** Only what the anonymous profile needs: no names, phone, e-mail. */
  residentProfilesOfSite: (site: Id) => ({
    model: Resident,
    filter: { site },
    projection: { household: 1, birthYear: 1, jobSeeker: 1 },
  }),
  /** The building only: never the flat. */
  buildingsOfSite: (site: Id) => ({ model: Household, filter: { site }, projection: { 'dwelling.building': 1 } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const sourceQueries = namedQueries(build, {
  entriesOfSite: [oid()],
  residentProfilesOfSite: [oid()],
  buildingsOfSite: [oid()],
});

export const entriesOfSite = (site: Id) => findBy(build.entriesOfSite(site)).lean<ExportEntry[]>();
export const residentProfilesOfSite = (site: Id) => findBy(build.residentProfilesOfSite(site)).lean<ExportResident[]>();
export const buildingsOfSite = (site: Id) => findBy(build.buildingsOfSite(site)).lean<ExportHousehold[]>();

// ---------- one document, for the counters' hooks ----------

export const certificateForCount = (id: string) =>
  Certificate.findById(id, { site: 1, user: 1, issuedAt: 1, status: 1, revokedAt: 1, replaces: 1, replacedBy: 1 }).lean<
    Awaited<ReturnType<typeof allCertificates>>[number]
  >();
export const householdForCount = (id: string) =>
  Household.findById(id, { site: 1, 'dwelling.building': 1, subscription: 1 }).lean<
    Awaited<ReturnType<typeof allHouseholds>>[number]
  >();
