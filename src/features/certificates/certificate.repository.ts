/**
 * Every read and write of certificates and of the status list's places: equalities on
 * top-level fields (FerretDB 1.x on PostgreSQL turns them into SQL), indexes declared in
 * the models. test/http/query-pushdown.test.ts runs `explain` on each builder below.
 */
import mongoose from 'mongoose';
import { findBy, namedQueries } from '../../platform/repository.js';
import { WRITE_BATCH, type JobContext } from '../../platform/background.js';
import { inBatches, type Migration } from '../../platform/migrations.js';
import { certificateListKeys, listCounterId } from './certificate-list-keys.js';
import { Certificate } from './certificate.model.js';
import type { CertificateDoc } from './certificate.types.js';
import { CredentialSlot } from './credential-slot.model.js';
import { CertificateListCounter, type CertificateListCounterDoc } from './certificate-list-counter.model.js';

type Id = mongoose.Types.ObjectId;
const newestFirst = { issuedAt: -1 as const };

const build = {
  certificateById: (id: Id) => ({ model: Certificate, filter: { _id: id } }),
  certificateByCode: (code: string) => ({ model: Certificate, filter: { code } }),
  certificatesOfUser: (user: Id) => ({ model: Certificate, filter: { user }, sort: newestFirst }),
  certificatesOfSite: (site: Id) => ({ model: Certificate, filter: { site }, sort: newestFirst }),
  /** One page of one month of a site's certificates ("YYYY-MM:n", certificate-list-keys.ts): the staff list. */
  certificatesOfBucket: (site: Id, listBucket: string) => ({ model: Certificate, filter: { site, listBucket } }),
  /** A site's month counter (listCounterId): the staff list's page count, each issue's place. */
  listCounterById: (id: string) => ({ model: CertificateListCounter, filter: { _id: id } }),
  /** Certificates written before their place in the list: completed once at start (the certificate-list-slots migration). */
  certificatesWithoutListSlot: () => ({
    model: Certificate,
    filter: { listBucket: { $exists: false } },
    projection: { site: 1, issuedAt: 1 },
  }),
  /** A site's certificates whose holder has a word starting with `word` (searchKeys hold every prefix). */
  certificatesWithWord: (site: Id, word: string) => ({ model: Certificate, filter: { site, searchKeys: word } }),
  /** Certificates written before their list keys: completed once at start (the certificate-list-keys migration). */
  certificatesWithoutListKeys: () => ({
    model: Certificate,
    filter: { issuedMonth: { $exists: false } },
    projection: { issuedAt: 1, holderName: 1 },
  }),
  activeCertificate: (activeKey: string) => ({ model: Certificate, filter: { activeKey } }),
  /** A certificate while it is still valid: a revocation writes only over a valid one. */
  validCertificate: (id: Id) => ({ model: Certificate, filter: { _id: id, status: 'valid' as const } }),
};

const oid = () => new mongoose.Types.ObjectId();
export const certificateQueries = namedQueries(
  build,
  {
    certificateById: [oid()],
    certificateByCode: ['KRN-7QX4-M9TB'],
    certificatesOfUser: [oid()],
    certificatesOfSite: [oid()],
    certificatesOfBucket: [oid(), '2026-11:0'],
    listCounterById: ['6b0cabff878e5813b98f9043:2026-11'],
    certificatesWithoutListSlot: [],
    certificatesWithWord: [oid(), 'ben'],
    certificatesWithoutListKeys: [],
    activeCertificate: ['6b0cabff878e5813b98f9043:decouvrir-ordinateur'],
    validCertificate: [oid()],
  },
  {
    certificatesWithoutListKeys: 'once, by the certificate-list-keys migration at start (migrations.ts), off the request path',
    certificatesWithoutListSlot: 'once, by the certificate-list-slots migration at start (migrations.ts), off the request path',
  },
);

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

/** One page of a month of a site's certificates, in no order (at most LIST_PAGE_SIZE: sorted by the caller). */
export const certificatesOfBucket = (site: Id, bucket: string) =>
  findBy(build.certificatesOfBucket(site, bucket)).lean<CertificateDoc[]>();

/** How many places of a site's month are taken (0 without a counter). */
export async function listPlacesTaken(id: string): Promise<number> {
  const doc = await CertificateListCounter.findOne(build.listCounterById(id).filter).lean<CertificateListCounterDoc>();
  return doc?.taken ?? 0;
}

/** Takes `count` more places of a site's month; answers the counter after. The caller holds its lock. */
export async function takeListPlaces(site: Id, month: string, count: number): Promise<number> {
  const id = listCounterId(String(site), month);
  const doc = await CertificateListCounter.findOneAndUpdate(
    build.listCounterById(id).filter,
    { $inc: { taken: count }, $setOnInsert: { site, month } },
    { upsert: true, returnDocument: 'after' },
  ).lean<CertificateListCounterDoc>();
  return doc!.taken;
}

/** Sets a counter to what the certificates say (the rebuild); the caller holds its lock. */
export async function setListPlaces(site: Id, month: string, taken: number): Promise<void> {
  const id = listCounterId(String(site), month);
  await CertificateListCounter.updateOne(build.listCounterById(id).filter, { $set: { site, month, taken } }, { upsert: true });
}

/** Certificates without their place in the list yet (the migration's scan). */
export const certificatesWithoutListSlot = () =>
  findBy(build.certificatesWithoutListSlot()).lean<Pick<CertificateDoc, '_id' | 'site' | 'issuedAt'>[]>();

/** Writes list places by `_id`: one batch. */
export async function writeListSlots(rows: { id: Id; slot: { listSeq: number; listBucket: string } }[]): Promise<void> {
  await Certificate.bulkWrite(
    rows.map((r) => ({ updateOne: { filter: build.certificateById(r.id).filter, update: { $set: r.slot } } })),
    { ordered: false },
  );
}

/** A site's certificates whose holder has a word starting with `word`, in no order. */
export const certificatesWithWord = (site: Id, word: string) =>
  findBy(build.certificatesWithWord(site, word)).lean<CertificateDoc[]>();

/**
 * Certificates written before `issuedMonth` and `searchKeys` existed get them (a start-up
 * migration): one scan for those without, then writes by `_id`, WRITE_BATCH at a time.
 */
export const certificateListKeysMigration: Migration = {
  name: 'certificate-list-keys',
  async run(ctx: JobContext) {
    const rows = await findBy(build.certificatesWithoutListKeys()).lean<
      Pick<CertificateDoc, '_id' | 'issuedAt' | 'holderName'>[]
    >();
    await ctx.step();
    await inBatches(rows, WRITE_BATCH, ctx, async (batch) => {
      await Certificate.bulkWrite(
        batch.map((c) => ({
          updateOne: { filter: build.certificateById(c._id).filter, update: { $set: certificateListKeys(c) } },
        })),
        { ordered: false },
      );
    });
    return rows.length;
  },
};

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
