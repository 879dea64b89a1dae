/**
 * Every read of certificates on a request path: equalities on top-level fields
 * (FerretDB 1.x on PostgreSQL turns them into SQL), indexes declared in the model.
 * test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { Certificate, type CertificateDoc } from './certificate.model.js';

type Id = mongoose.Types.ObjectId;
const newestFirst = { issuedAt: -1 as const };

const build = {
  certificateById: (id: Id) => ({ model: Certificate, filter: { _id: id } }),
  certificateByCode: (code: string) => ({ model: Certificate, filter: { code } }),
  certificatesOfUser: (user: Id) => ({ model: Certificate, filter: { user }, sort: newestFirst }),
  certificatesOfSite: (site: Id) => ({ model: Certificate, filter: { site }, sort: newestFirst }),
};

const oid = () => new mongoose.Types.ObjectId();
export const certificateQueries = namedQueries(build, {
  certificateById: [oid()],
  certificateByCode: ['KRN-7QX4-M9TB'],
  certificatesOfUser: [oid()],
  certificatesOfSite: [oid()],
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
