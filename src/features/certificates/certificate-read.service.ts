/**
 * Reading certificates: the PDF, the staff pages, the search by code, the public check.
 */
import mongoose from 'mongoose';
import { isLeaderOfSite, type SessionUser } from '../accounts/index.js';
import { listSites, type SiteView } from '../sites/index.js';
import { certificateAudit } from './certificate-audit.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import { normalizeCode } from './certificate-code.js';
import * as repo from './certificate.repository.js';
import type { CertificateDoc } from './certificate.types.js';
import { matchesSearch, longestWord } from '../../platform/name-keys.js';
import type { Page } from '../../platform/paging.js';
import { listBucketOfPage, listCounterId, listPageCount } from './certificate-list-keys.js';
import { isExpired, namesHolder, publicName } from './eligibility.js';
import { certificatePdfOf, certificatesPrintPdf } from './certificate-pdf.js';
import { canRevoke, isStaffOf, toSummary, type CertificateSummary } from './certificate-policy.js';
import { certificateById, linkedInUrlOf } from './certificate-queries.js';
import { credentialFilesFor } from './credential-files.service.js';

// ---------- reading: PDF, staff page, public check ----------

/** The PDF, for its owner or the staff of its site (staff downloads are audited). */
export async function certificatePdf(actor: SessionUser, id: string, now: Date): Promise<{ filename: string; pdf: Buffer }> {
  const c = await certificateById(id);
  const owner = actor.role === 'resident' && String(c.user) === actor.id;
  const staff = isLeaderOfSite(actor, c.site);
  if (!owner && !staff) throw actor.role === 'resident' ? new NotFound() : new Forbidden();
  // Layout 1 PDFs stay the very file issued (certificate-pdf-v1.ts): no attachment there.
  const credentials = (c.layout ?? 1) >= 2 ? await credentialFilesFor(c, now) : [];
  const pdf = await certificatePdfOf(c, c.issuedByName, credentials);
  if (staff) await certificateAudit.record(actor, 'certificate.download', `certificate:${id}`, { resident: String(c.user) }, now);
  return { filename: `attestation-${c.code}.pdf`, pdf };
}

export interface CertificateDetail extends CertificateSummary {
  holderName: string;
  siteName: string;
  skills: { title: string; level: 'avec-aide' | 'seul'; date: Date; byName: string }[];
  residentUserId: string;
  revokedByName: string;
  canRevoke: boolean;
  canDownload: boolean;
  replacesCode?: string;
  replacedByCode?: string;
  linkedInUrl?: string;
}

/** The staff page of one certificate (leaders of its site, coordinators). */
export async function certificateDetail(actor: SessionUser, id: string): Promise<CertificateDetail> {
  const c = await certificateById(id);
  if (!isStaffOf(actor, c)) throw new Forbidden();
  const linked = await repo.findCertificatesByIds(
    [c.replaces, c.replacedBy].filter((x): x is mongoose.Types.ObjectId => Boolean(x)),
  );
  const codeOf = (x?: mongoose.Types.ObjectId) => linked.find((l) => x && String(l._id) === String(x))?.code;
  return {
    ...toSummary(c),
    holderName: c.holderName,
    siteName: c.siteName,
    skills: c.skills.map((s) => ({ title: s.title, level: s.level, date: s.date, byName: s.byName })),
    residentUserId: String(c.user),
    revokedByName: c.revokedByName ?? '',
    canRevoke: c.status === 'valid' && canRevoke(actor, c),
    canDownload: actor.role === 'leader',
    replacesCode: codeOf(c.replaces),
    replacedByCode: codeOf(c.replacedBy),
    linkedInUrl: linkedInUrlOf(c),
  };
}

/** Staff: a code typed or read aloud leads to the certificate's page. */
export async function findCertificateByCode(actor: SessionUser, raw: string): Promise<string> {
  if (actor.role !== 'leader' && actor.role !== 'coordinator') throw new Forbidden();
  const code = normalizeCode(raw);
  if (!code) throw new BadInput('certificates.errors.codeFormat');
  const c = await repo.findCertificateByCode(code);
  if (!c || !isStaffOf(actor, c)) throw new NotFound('certificates.errors.noSuchCode');
  return String(c._id);
}

export type StaffListRow = CertificateSummary & { holderName: string; siteName: string };

/** The sites an actor's lists read: a leader's own, a coordinator's every site (or one, `siteId`). */
async function sitesOfActor(actor: SessionUser, siteId?: string): Promise<{ siteIds: string[]; sites: SiteView[] }> {
  if (actor.role === 'leader' && actor.siteId) return { siteIds: [actor.siteId], sites: [] };
  if (actor.role !== 'coordinator') throw new Forbidden();
  // A handful of sites: the whole (tiny) collection, to choose one and to read each.
  const sites = await listSites();
  return { siteIds: sites.filter((s) => !siteId || s.id === siteId).map((s) => s.id), sites };
}

const toRow = (c: CertificateDoc): StaffListRow => ({ ...toSummary(c), holderName: c.holderName, siteName: c.siteName });
const newestFirst = (a: CertificateDoc, b: CertificateDoc) => b.issuedAt.getTime() - a.issuedAt.getTime();

/**
 * Staff: certificates whose holder's name has a word starting with each word typed
 * ("aminata", "diallo ami", "BÉNALI"), in the actor's sites, newest first. One equality
 * per site on the longest word's prefix key (`searchKeys`), the other words checked on
 * those rows: a few, whatever the city's size.
 */
async function certificatesByName(siteIds: string[], typed: string): Promise<StaffListRow[]> {
  const word = longestWord(typed);
  if (!word) return [];
  const perSite = await Promise.all(siteIds.map((id) => repo.certificatesWithWord(new mongoose.Types.ObjectId(id), word)));
  return perSite
    .flat()
    .filter((c) => matchesSearch(c.searchKeys ?? [], typed))
    .sort(newestFirst)
    .map(toRow);
}

export interface StaffCertificatesPage extends Page<StaffListRow> {
  /** The certificates found by name, or null without a search. */
  found: StaffListRow[] | null;
  sites: SiteView[];
}

/** One page of one site's month: its counter (the page count), then that page's bucket. */
async function pageOfSite(siteId: string, month: string, page: number): Promise<{ rows: CertificateDoc[]; hasNext: boolean }> {
  const taken = await repo.listPlacesTaken(listCounterId(siteId, month));
  const bucket = listBucketOfPage(month, taken, page);
  const rows = bucket ? await repo.certificatesOfBucket(new mongoose.Types.ObjectId(siteId), bucket) : [];
  return { rows, hasNext: page < listPageCount(taken) };
}

/**
 * The staff list: one month of certificates ("YYYY-MM" in Brest), newest first, one
 * page; with `typed`, the certificates found by that name too. A leader sees their
 * site's, a coordinator every site's (or one site's, `siteId`): each site read with its
 * own equalities (its month's counter by `_id`, then one bucket of at most
 * LIST_PAGE_SIZE, certificate-list-keys.ts), since FerretDB pushes no `$in` down to SQL.
 * Page 1 is each site's latest bucket: a page reads the same at any size of site.
 */
export async function staffCertificatesPage(
  actor: SessionUser,
  query: { typed: string; month: string; page: number; siteId?: string },
): Promise<StaffCertificatesPage> {
  const { siteIds, sites } = await sitesOfActor(actor, query.siteId);
  const [found, perSite] = await Promise.all([
    query.typed ? certificatesByName(siteIds, query.typed) : null,
    Promise.all(siteIds.map((id) => pageOfSite(id, query.month, query.page))),
  ]);
  return {
    rows: perSite
      .flatMap((p) => p.rows)
      .sort(newestFirst)
      .map(toRow),
    page: query.page,
    hasPrevious: query.page > 1,
    hasNext: perSite.some((p) => p.hasNext),
    found,
    sites,
  };
}

export type PublicCheck =
  | { result: 'malformed' | 'unknown'; masked: string }
  | {
      result: 'valid' | 'revoked';
      masked: string;
      certificate: {
        code: string;
        holder: string;
        title: string;
        kind: 'module' | 'socle';
        issuedAt: Date;
        siteName: string;
        revokedAt?: Date;
        skills: { title: string; level: 'avec-aide' | 'seul'; method: string }[];
        /** The issuing organisation as printed on the PDF; absent before layout 2. */
        organisation?: string;
        demo: boolean;
        rulesVersion?: number;
        validUntil?: Date;
        expired: boolean;
      };
    };

/**
 * The public check: what the PDF shows (organisation, skills with level and how each was
 * observed, validity, demonstration), never the full name, the leader or a reason.
 * `typedName`: a last name the employer typed, answered yes or no (`nameMatches`).
 */
export async function verifyCertificate(
  raw: string,
  masked: string,
  now: Date,
  typedName?: string,
): Promise<PublicCheck & { nameMatches?: boolean }> {
  const code = normalizeCode(raw);
  if (!code) return { result: 'malformed', masked };
  const c = await repo.findCertificateByCode(code);
  if (!c) return { result: 'unknown', masked };
  const holderParts = { firstName: c.holderFirstName, lastName: c.holderLastName, fullName: c.holderName };
  return {
    ...(typedName === undefined ? {} : { nameMatches: namesHolder(holderParts, typedName) }),
    result: c.status,
    masked,
    certificate: {
      code: c.code,
      holder: publicName(holderParts),
      title: c.title,
      kind: c.kind,
      issuedAt: c.issuedAt,
      siteName: c.siteName,
      revokedAt: c.status === 'revoked' ? c.revokedAt : undefined,
      skills: c.skills.map((s) => ({ title: s.title, level: s.level, method: s.method })),
      organisation: c.issuer?.legalName || undefined,
      demo: Boolean(c.issuer?.demo),
      rulesVersion: c.rulesVersion,
      validUntil: c.validUntil,
      expired: isExpired(c.validUntil, now),
    },
  };
}

/** The most certificates printed in one go (a session of a dozen, with room). */
export const PRINT_BATCH_MAX = 40;

/** The certificates of a print list, each one the leader's site's; every other id is refused. */
async function printable(actor: SessionUser, ids: readonly string[]): Promise<CertificateDoc[]> {
  if (actor.role !== 'leader') throw new Forbidden();
  if (ids.length === 0 || ids.length > PRINT_BATCH_MAX) throw new BadInput('certificates.errors.printList');
  const docs = await Promise.all([...new Set(ids)].map((id) => certificateById(id)));
  for (const c of docs) if (!isLeaderOfSite(actor, c.site)) throw new Forbidden();
  return docs;
}

/** The list that ends an issuing: the new certificates, each with its PDF. */
export async function printList(actor: SessionUser, ids: readonly string[]) {
  const docs = await printable(actor, ids);
  return docs.map((c) => ({ ...toSummary(c), holderName: c.holderName }));
}

/** "Tout imprimer": one PDF, one certificate per page; each download audited. */
export async function printAllPdf(actor: SessionUser, ids: readonly string[], now: Date): Promise<Buffer> {
  const docs = await printable(actor, ids);
  const pdf = await certificatesPrintPdf(docs, actor.displayName, now);
  for (const c of docs)
    await certificateAudit.record(
      actor,
      'certificate.download',
      `certificate:${String(c._id)}`,
      { resident: String(c.user) },
      now,
    );
  return pdf;
}
