/**
 * Certificates: issue, list, PDF, public check, revocation and re-issue.
 * Rules (who is eligible, what a code looks like) are pure modules; this file only
 * reads and writes, one document per action (FerretDB 1.x has no transactions).
 */
import { createHash, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import {
  canRevokeCertificate,
  findSessionUser,
  isLeaderOfSite,
  isStaffOfSite,
  requireLeader,
  type SessionUser,
} from '../accounts/index.js';
import { getProgress, type ProgressData } from '../progress/index.js';
// The support record imports this feature too: a cycle that ESM resolves, since both
// sides only call each other inside functions, never while loading.
import { findResidentOfUser } from '../residents/index.js';
import { getSite, listSites, type SiteView } from '../sites/index.js';
import { catalogue, type Module } from '../workshops/index.js';
import { appScoped } from '../../platform/app-scope.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { audit } from '../../platform/audit.js';
import { idOrNull, isDuplicateKey, parseId } from '../../platform/ids.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import { generateCode, normalizeCode } from './certificate-code.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import { Certificate, LIMITS, type CertificateDoc } from './certificate.model.js';
import * as repo from './certificate.repository.js';
import { pageFrom, slicePage, window, type Page } from '../../platform/paging.js';
import {
  certificateRules,
  evaluateRule,
  evaluateRules,
  publicName,
  snapshotSkills,
  type CertificateRule,
  type RuleStatus,
  type SocleRules,
  type ValidationFact,
} from './eligibility.js';
import { loadSocleRules } from './socle-rules.js';

// ---------- start-up: the rules from content/ and the public address, per app ----------

export interface CertificateSettings {
  socle: SocleRules | null;
  publicUrl: string;
}

const settings = appScoped<CertificateSettings>('certificate settings');

/** Reads content/socle.yaml, checked against the modules: a broken file stops the start. */
export async function loadCertificateSettings(
  contentDir: string,
  modules: readonly Module[],
  opts: { publicUrl: string },
): Promise<CertificateSettings> {
  return { socle: await loadSocleRules(contentDir, modules), publicUrl: opts.publicUrl.replace(/\/+$/, '') };
}

/** Binds an app's settings to its requests (and makes them the default if none are). */
export function certificateSettingsMiddleware(value: CertificateSettings) {
  settings.setDefault(value, { ifUnset: true });
  return settings.middleware(value);
}

/** For scripts outside any app (the demo seed), after initCatalogue. */
export async function initCertificates(contentDir: string, opts: { publicUrl: string }): Promise<void> {
  settings.setDefault(await loadCertificateSettings(contentDir, catalogue().modules, opts));
}

export const verifyUrlOf = (code: string) => `${settings.get().publicUrl}/verifier/${code}`;

export function rules(): CertificateRule[] {
  return certificateRules(catalogue().modules, settings.get().socle);
}

// ---------- who may do what ----------

export interface LearnerForStaff {
  id: string;
  displayName: string;
  siteId: string;
}

/** A resident of the leader's own site; anything else is refused. */
export async function learnerForStaff(actor: SessionUser, userId: string): Promise<LearnerForStaff> {
  const siteId = requireLeader(actor);
  const user = await findSessionUser(String(parseId(userId)));
  if (!user || user.role !== 'resident') throw new NotFound();
  if (user.siteId !== siteId) throw new Forbidden();
  return { id: user.id, displayName: user.displayName, siteId: user.siteId };
}

const canRevoke = (actor: SessionUser, c: CertificateDoc) => canRevokeCertificate(actor, c.issuedBy);

const isStaffOf = (actor: SessionUser, c: CertificateDoc) => isStaffOfSite(actor, c.site);

async function certificateById(id: string): Promise<CertificateDoc> {
  const c = await repo.findCertificateById(parseId(id));
  if (!c) throw new NotFound();
  return c;
}

// ---------- eligibility of one resident ----------

export function validationFacts(progress: ProgressData): Record<string, ValidationFact> {
  const out: Record<string, ValidationFact> = {};
  for (const [skillId, p] of Object.entries(progress.skills)) {
    const v = p.validation;
    if (!v) continue;
    out[skillId] = {
      level: v.level,
      date: new Date(v.date),
      method: v.method,
      byName: v.byName,
      ...(v.session ? { session: String(v.session) } : {}),
    };
  }
  return out;
}

export interface CertificateSummary {
  id: string;
  code: string;
  title: string;
  kind: 'module' | 'socle';
  ref: string;
  issuedAt: Date;
  issuedByName: string;
  status: 'valid' | 'revoked';
  revokedAt?: Date;
  revokeReason?: string;
  pdfUrl: string;
  /** Workshop sessions where its skills were observed (by session id). */
  sessionIds: string[];
  replacesId?: string;
  replacedById?: string;
}

const toSummary = (c: CertificateDoc): CertificateSummary => ({
  id: String(c._id),
  code: c.code,
  title: c.title,
  kind: c.kind,
  ref: c.ref,
  issuedAt: c.issuedAt,
  issuedByName: c.issuedByName,
  status: c.status,
  revokedAt: c.revokedAt,
  revokeReason: c.revokeReason,
  pdfUrl: `/certificats/${String(c._id)}.pdf`,
  sessionIds: [...new Set(c.skills.flatMap((s) => (s.session ? [String(s.session)] : [])))],
  replacesId: c.replaces ? String(c.replaces) : undefined,
  replacedById: c.replacedBy ? String(c.replacedBy) : undefined,
});

/** Every certificate of a resident account, newest first (the support record uses it). */
export async function listCertificatesForUser(userId: string): Promise<CertificateSummary[]> {
  if (!idOrNull(userId)) return [];
  const rows = await repo.certificatesOfUser(new mongoose.Types.ObjectId(userId), 200);
  return rows.map(toSummary);
}

/** The certificates part of a leader's page for one resident: what can be issued, what was. */
export async function certificatesPanel(
  actor: SessionUser,
  userId: string,
  now: Date,
): Promise<{ statuses: RuleStatus[]; certificates: CertificateSummary[] }> {
  const resident = await learnerForStaff(actor, userId);
  const [progress, certificates] = await Promise.all([getProgress(resident.id), listCertificatesForUser(resident.id)]);
  return { statuses: statusesOf(progress, certificates, now), certificates };
}

function statusesOf(progress: ProgressData, certificates: CertificateSummary[], now: Date): RuleStatus[] {
  const issued = new Set(certificates.filter((c) => c.status === 'valid').map((c) => c.ref));
  return evaluateRules(rules(), validationFacts(progress), issued, now);
}

/**
 * What each learner can be issued and already was, for a session grid whose attendees
 * the caller has already checked (residents of the leader's site): the progress the
 * caller has read, and one read of certificates per learner.
 */
export async function certificateStatusesOf(
  progressByUser: Map<string, ProgressData>,
  now: Date,
): Promise<Map<string, RuleStatus[]>> {
  const entries = await Promise.all(
    [...progressByUser].map(async ([userId, progress]) => {
      const certificates = await listCertificatesForUser(userId);
      return [userId, statusesOf(progress, certificates, now)] as const;
    }),
  );
  return new Map(entries);
}

/** The resident's own page. */
export async function myCertificates(actor: SessionUser): Promise<CertificateSummary[]> {
  if (actor.role !== 'resident') throw new Forbidden();
  return listCertificatesForUser(actor.id);
}

// ---------- issuing ----------

export interface IssueOptions {
  /** Tests pass a generator that repeats itself, to prove collisions are retried. */
  newCode?: () => string;
}

const MAX_CODE_TRIES = 8;

/**
 * The holder's name as the support record has it; the account's name only when there is
 * no record. A failed read stops the issue (an error page): a certificate must never be
 * issued under a name chosen because the database did not answer.
 */
async function holderOf(userId: string, fallback: string): Promise<{ full: string; first: string; last: string }> {
  const record = await findResidentOfUser(userId);
  if (record && record.firstName) {
    const full = `${record.firstName} ${record.lastName}`.trim();
    return {
      full: full.slice(0, LIMITS.name),
      first: record.firstName.slice(0, LIMITS.name),
      last: record.lastName.slice(0, LIMITS.name),
    };
  }
  return { full: fallback.slice(0, LIMITS.name), first: '', last: '' };
}

type NewCertificate = Omit<CertificateDoc, '_id' | 'code' | 'pdfSha256'> & { _id?: mongoose.Types.ObjectId };

/**
 * Inserts with a fresh code until one is free. The unique index on `code` is the
 * judge (E11000), not a prior read: two issues at the same instant cannot share a
 * code. A duplicate `activeKey` means this certificate exists already: returned as is.
 */
async function insertWithCode(data: NewCertificate, opts: IssueOptions): Promise<{ doc: CertificateDoc; created: boolean }> {
  const next = opts.newCode ?? (() => generateCode(randomBytes));
  const leaderName = data.issuedByName;
  for (let i = 0; i < MAX_CODE_TRIES; i++) {
    const code = next();
    const pdf = await renderCertificatePdf(pdfData({ ...data, code, status: 'valid' }, leaderName));
    const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
    try {
      const doc = await Certificate.create({ ...data, code, pdfSha256 });
      return { doc: doc.toObject() as CertificateDoc, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await Certificate.findOne({ activeKey: data.activeKey }).lean<CertificateDoc>();
      if (existing) return { doc: existing, created: false };
      // Otherwise the code was taken: draw another one.
    }
  }
  throw new Error('no free certificate code after several tries');
}

function pdfData(
  c: Pick<CertificateDoc, 'code' | 'kind' | 'title' | 'holderName' | 'siteName' | 'issuedAt' | 'skills' | 'status' | 'revokedAt'>,
  leaderName: string,
) {
  return {
    code: c.code,
    kind: c.kind,
    title: c.title,
    holderName: c.holderName,
    siteName: c.siteName,
    leaderName,
    issuedAt: c.issuedAt,
    skills: c.skills.map((s) => ({ title: s.title, level: s.level, date: s.date })),
    status: c.status,
    revokedAt: c.revokedAt,
    verifyUrl: verifyUrlOf(c.code),
  };
}

export interface IssueResult {
  certificate: CertificateSummary;
  created: boolean;
}

/** A leader issues one certificate to a resident of their site, if eligible. Idempotent. */
export async function issueCertificate(
  actor: SessionUser,
  userId: string,
  ref: string,
  now: Date,
  opts: IssueOptions = {},
): Promise<IssueResult> {
  const resident = await learnerForStaff(actor, userId);
  const rule = rules().find((r) => r.ref === ref);
  if (!rule) throw new BadInput('certificates.errors.unknownCertificate');
  const progress = await getProgress(resident.id);
  return issueFor(actor, resident, rule, progress, now, opts);
}

async function issueFor(
  actor: SessionUser,
  resident: LearnerForStaff,
  rule: CertificateRule,
  progress: ProgressData,
  now: Date,
  opts: IssueOptions,
): Promise<IssueResult> {
  const facts = validationFacts(progress);
  if (!evaluateRule(rule, facts, new Set(), now).eligible) throw new BadInput('certificates.errors.notEligible');
  const [site, holder] = await Promise.all([getSite(resident.siteId), holderOf(resident.id, resident.displayName)]);
  const { doc, created } = await insertWithCode(
    {
      user: new mongoose.Types.ObjectId(resident.id),
      site: new mongoose.Types.ObjectId(resident.siteId),
      siteName: (site?.name ?? '').slice(0, LIMITS.site),
      kind: rule.kind,
      ref: rule.ref,
      title: rule.title.slice(0, LIMITS.title),
      holderName: holder.full,
      holderFirstName: holder.first,
      holderLastName: holder.last,
      skills: snapshotSkills(rule, facts).map((s) => ({
        ...s,
        byName: s.byName.slice(0, LIMITS.name),
        session: (s.session && idOrNull(s.session)) || undefined,
      })),
      issuedAt: now,
      issuedBy: new mongoose.Types.ObjectId(actor.id),
      issuedByName: actor.displayName.slice(0, LIMITS.name),
      status: 'valid',
      activeKey: `${resident.id}:${rule.ref}`,
    },
    opts,
  );
  if (created) {
    await audit(actor, 'certificate.issue', `certificate:${String(doc._id)}`, { resident: resident.id, ref: rule.ref }, now);
  }
  return { certificate: toSummary(doc), created };
}

/**
 * Bulk issuing, e.g. at the end of a workshop session: each listed resident gets
 * the certificate of `ref` when eligible. Returns who got one and who is not ready.
 */
export async function issueToMany(
  actor: SessionUser,
  userIds: string[],
  ref: string,
  now: Date,
): Promise<{ issued: number; already: number; notEligible: number }> {
  const rule = rules().find((r) => r.ref === ref);
  if (!rule) throw new BadInput('certificates.errors.unknownCertificate');
  const residents = await Promise.all([...new Set(userIds)].map((id) => learnerForStaff(actor, id)));
  const counts = { issued: 0, already: 0, notEligible: 0 };
  for (const resident of residents) {
    const progress = await getProgress(resident.id);
    if (!evaluateRule(rule, validationFacts(progress), new Set(), now).eligible) {
      counts.notEligible++;
      continue;
    }
    const { created } = await issueFor(actor, resident, rule, progress, now, {});
    if (created) counts.issued++;
    else counts.already++;
  }
  return counts;
}

// ---------- reading: PDF, staff page, public check ----------

/** The PDF, for its owner or the staff of its site (staff downloads are audited). */
export async function certificatePdf(actor: SessionUser, id: string, now: Date): Promise<{ filename: string; pdf: Buffer }> {
  const c = await certificateById(id);
  const owner = actor.role === 'resident' && String(c.user) === actor.id;
  const staff = isLeaderOfSite(actor, c.site);
  if (!owner && !staff) throw actor.role === 'resident' ? new NotFound() : new Forbidden();
  const pdf = await renderCertificatePdf(pdfData(c, c.issuedByName));
  if (staff) await audit(actor, 'certificate.download', `certificate:${id}`, { resident: String(c.user) }, now);
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

/**
 * The staff list, newest first, one page: a leader sees their site's certificates, a
 * coordinator every site's (or one site's, `siteId`). Every site is read with its own
 * equality on `site` and the pages merged: FerretDB pushes no `$in` down to SQL.
 */
export async function listSiteCertificates(
  actor: SessionUser,
  page: number,
  siteId?: string,
): Promise<Page<StaffListRow> & { sites: SiteView[] }> {
  let siteIds: string[];
  let sites: SiteView[] = [];
  if (actor.role === 'leader' && actor.siteId) siteIds = [actor.siteId];
  else if (actor.role === 'coordinator') {
    // A handful of sites: the whole (tiny) collection, to choose one and to read each.
    sites = await listSites();
    siteIds = siteId ? sites.filter((s) => s.id === siteId).map((s) => s.id) : sites.map((s) => s.id);
  } else throw new Forbidden();
  const { skip, limit } = window(page);
  const perSite = await Promise.all(
    siteIds.map((id) =>
      // With several sites, each must give its first skip + limit rows for the merge.
      siteIds.length === 1
        ? repo.certificatesOfSite(new mongoose.Types.ObjectId(id), skip, limit)
        : repo.certificatesOfSite(new mongoose.Types.ObjectId(id), 0, skip + limit),
    ),
  );
  const rows = perSite
    .flat()
    .sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())
    .map((c) => ({ ...toSummary(c), holderName: c.holderName, siteName: c.siteName }));
  return { ...(siteIds.length === 1 ? pageFrom(rows, page) : slicePage(rows, page)), sites };
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
        skills: { title: string; level: 'avec-aide' | 'seul' }[];
      };
    };

/** The public check: only what the design allows (no full name, no leader, no reason). */
export async function verifyCertificate(raw: string, masked: string): Promise<PublicCheck> {
  const code = normalizeCode(raw);
  if (!code) return { result: 'malformed', masked };
  const c = await repo.findCertificateByCode(code);
  if (!c) return { result: 'unknown', masked };
  return {
    result: c.status,
    masked,
    certificate: {
      code: c.code,
      holder: publicName({ firstName: c.holderFirstName, lastName: c.holderLastName, fullName: c.holderName }),
      title: c.title,
      kind: c.kind,
      issuedAt: c.issuedAt,
      siteName: c.siteName,
      revokedAt: c.status === 'revoked' ? c.revokedAt : undefined,
      skills: c.skills.map((s) => ({ title: s.title, level: s.level })),
    },
  };
}

// ---------- revocation and re-issue ----------

// Updates of one certificate, serialised (FerretDB 1.24 has no atomic update).
const certificateKey = (id: string) => documentKey('certificates', id);

/**
 * What a revocation writes. The active key is freed (`revoked:<id>`) so that a new
 * certificate of the same kind can be issued; `by` is null for the system (erasure).
 */
function revokedFields(id: string, by: SessionUser | null, reason: string, now: Date) {
  return {
    status: 'revoked' as const,
    revokedAt: now,
    ...(by ? { revokedBy: new mongoose.Types.ObjectId(by.id) } : {}),
    revokedByName: (by?.displayName ?? 'système').slice(0, LIMITS.name),
    revokeReason: reason.slice(0, LIMITS.reason),
    activeKey: `revoked:${id}`,
  };
}

/** A coordinator, or the leader who issued it, revokes with a reason. Never deleted. */
export async function revokeCertificate(actor: SessionUser, id: string, reason: string, now: Date): Promise<void> {
  // Read and write in one lock: a revocation and a re-issue of one certificate do not mix.
  const revoked = await withDocumentLock(certificateKey(id), async () => {
    const c = await certificateById(id);
    if (!canRevoke(actor, c)) throw new Forbidden();
    if (c.status === 'revoked') return false;
    await Certificate.updateOne({ _id: c._id, status: 'valid' }, { $set: revokedFields(id, actor, reason, now) });
    return true;
  });
  if (!revoked) return;
  await audit(actor, 'certificate.revoke', `certificate:${id}`, { reason: reason.slice(0, LIMITS.reason) }, now);
}

/**
 * After a name correction (in the resident's record or account): the old certificate
 * is revoked (reason given) and a new one, with the same skills and the corrected
 * name, replaces it; each points to the
 * other. Two writes without a transaction: the old one is revoked first, with the
 * new id already chosen, so a retry after a crash finishes the job.
 */
export async function reissueCertificate(
  actor: SessionUser,
  id: string,
  reason: string,
  now: Date,
  opts: IssueOptions = {},
): Promise<string> {
  return withDocumentLock(certificateKey(id), () => reissueLocked(actor, id, reason, now, opts));
}

async function reissueLocked(actor: SessionUser, id: string, reason: string, now: Date, opts: IssueOptions): Promise<string> {
  const old = await certificateById(id);
  if (!canRevoke(actor, old)) throw new Forbidden();
  // The name is corrected where it lives (the resident's record or account), then read here.
  const account = await findSessionUser(String(old.user));
  const holder = await holderOf(String(old.user), account?.displayName ?? old.holderName);
  if (old.status === 'revoked') {
    const replacement = old.replacedBy ? await Certificate.exists({ _id: old.replacedBy }) : null;
    if (replacement) return String(old.replacedBy);
    if (!old.replacedBy) throw new BadInput('certificates.errors.alreadyRevoked');
  }
  if (old.status === 'valid' && holder.full === old.holderName) throw new BadInput('certificates.errors.nameUnchanged');
  const newId = old.replacedBy ?? new mongoose.Types.ObjectId();
  reason = reason.slice(0, LIMITS.reason);
  if (old.status === 'valid') {
    await Certificate.updateOne(
      { _id: old._id, status: 'valid' },
      {
        $set: { ...revokedFields(id, actor, reason, now), replacedBy: newId },
      },
    );
  }
  const { doc } = await insertWithCode(
    {
      _id: newId,
      user: old.user,
      site: old.site,
      siteName: old.siteName,
      kind: old.kind,
      ref: old.ref,
      title: old.title,
      holderName: holder.full,
      holderFirstName: holder.first,
      holderLastName: holder.last,
      skills: old.skills,
      issuedAt: now,
      issuedBy: new mongoose.Types.ObjectId(actor.id),
      issuedByName: actor.displayName.slice(0, LIMITS.name),
      status: 'valid',
      activeKey: `${String(old.user)}:${old.ref}`,
      replaces: old._id,
    },
    opts,
  );
  await audit(
    actor,
    'certificate.reissue',
    `certificate:${String(doc._id)}`,
    { replaces: id, reason, from: old.holderName, to: holder.full },
    now,
  );
  return String(doc._id);
}

export const ANONYMOUS_HOLDER = 'Personne anonymisée';
const ERASED_REASON = 'Données personnelles effacées à la demande de la personne ou après deux ans sans contact.';

/**
 * Erasure of a resident's personal data. Certificates are never deleted (an employer
 * may hold a copy, and the code must still answer), but they lose the holder's name,
 * and any still valid is revoked, so the public page names nobody any more.
 * Repeating it changes nothing.
 */
/** Returns the ids of the certificates it changed (their audit events are scrubbed next). */
export async function anonymiseCertificatesOfUser(userId: string, now: Date): Promise<string[]> {
  if (!idOrNull(userId)) return [];
  const rows = await Certificate.find({ user: new mongoose.Types.ObjectId(userId) })
    .select({ _id: 1, status: 1 })
    .lean<Pick<CertificateDoc, '_id' | 'status'>[]>();
  for (const c of rows) {
    const id = String(c._id);
    await withDocumentLock(certificateKey(id), () =>
      Certificate.updateOne(
        { _id: c._id },
        {
          $set: {
            holderName: ANONYMOUS_HOLDER,
            holderFirstName: ANONYMOUS_HOLDER,
            holderLastName: '',
            ...(c.status === 'valid' ? revokedFields(id, null, ERASED_REASON, now) : {}),
          },
        },
      ),
    );
  }
  return rows.map((c) => String(c._id));
}
