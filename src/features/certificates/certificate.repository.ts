/**
 * Every read and write of certificates and of the status list's places: equalities on
 * top-level fields (FerretDB 1.x on PostgreSQL turns them into SQL), indexes declared in
 * the models. test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { Certificate } from './certificate.model.js';
import type { CertificateDoc } from './certificate.types.js';
import { CredentialSlot } from './credential-slot.model.js';

type Id = mongoose.Types.ObjectId;
const newestFirst = { issuedAt: -1 as const };

const build = {
  certificateById: (id: Id) => ({ model: Certificate, filter: { _id: id } }),
  certificateByCode: (code: string) => ({ model: Certificate, filter: { code } }),
  certificatesOfUser: (user: Id) => ({ model: Certificate, filter: { user }, sort: newestFirst }),
  certificatesOfSite: (site: Id) => ({ model: Certificate, filter: { site }, sort: newestFirst }),
  activeCertificate: (activeKey: string) => ({ model: Certificate, filter: { activeKey } }),
  /** A certificate while it is still valid: a revocation writes only over a valid one. */
  validCertificate: (id: Id) => ({ model: Certificate, filter: { _id: id, status: 'valid' as const } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const certificateQueries = namedQueries(build, {
  certificateById: [oid()],
  certificateByCode: ['KRN-7QX4-M9TB'],
  certificatesOfUser: [oid()],
  certificatesOfSite: [oid()],
  activeCertificate: ['6b0cabff878e5813b98f9043:decouvrir-ordinateur'],
  validCertificate: [oid()],
});

export const findCertificateById = (id: Id) => Certificate.findOne(build.certificateById(id).filter).lean<CertificateDoc>();
export const findCertificateByCode = (code: string) =>
  Certificate.findOne(build.certificateByCode(code).filter).lean<CertificateDoc>();

/** Certificates by id: one `_id` equality each, in parallel (`$in` is not pushed down). */
export async function findCertificatesByIds(ids: Id[]): Promise<CertificateDoc[]> {
  const rows = await Promise.all(ids.map(findCertificateById));
  return rows.filter((c): c is CertificateDoc => c !== null);
}

export const certificatesOfUser = (user: Id, limit: number) =>
  findBy(build.certificatesOfUser(user)).limit(limit).lean<CertificateDoc[]>();

/** The newest `limit` certificates of a site, after `skip`. */
export const certificatesOfSite = (site: Id, skip: number, limit: number) =>
  findBy(build.certificatesOfSite(site)).skip(skip).limit(limit).lean<CertificateDoc[]>();

/** Every certificate of a site, as a cursor (the activity backfill). */
export const certificatesOfSiteCursor = (site: Id) => findBy(build.certificatesOfSite(site)).lean<CertificateDoc[]>().cursor();
export const sitesOfCertificates = async () =>
  ((await Certificate.distinct('site')) as unknown[]).filter((s): s is Id => s instanceof mongoose.Types.ObjectId);

export const findActiveCertificate = (activeKey: string) =>
  Certificate.findOne(build.activeCertificate(activeKey).filter).lean<CertificateDoc>();

/** Inserts a certificate; the unique indexes on `code` and `activeKey` are the judges (E11000). */
export async function insertCertificate(doc: Record<string, unknown>): Promise<CertificateDoc> {
  return (await Certificate.create(doc)).toObject() as CertificateDoc;
}

type Update = { $set?: Record<string, unknown>; $unset?: Record<string, 1> };

/** One write of a certificate; the caller holds its lock (certificateKey). */
export async function updateCertificate(id: Id, update: Update): Promise<void> {
  await Certificate.updateOne(build.certificateById(id).filter, update);
}

/** One write of a certificate still valid (a revocation); the caller holds its lock. */
export async function updateValidCertificate(id: Id, update: Update): Promise<void> {
  await Certificate.updateOne(build.validCertificate(id).filter, update);
}

/** Takes a place of the status list: the unique index refuses one taken already (E11000). */
export async function insertCredentialSlot(slot: { list: string; index: number; takenAt: Date }): Promise<void> {
  await CredentialSlot.create(slot);
}
