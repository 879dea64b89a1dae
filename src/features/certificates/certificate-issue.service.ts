/**
 * Issuing certificates, one or many: eligibility checked, the holder's name read from the
 * support record (a failed read stops the issue), a fresh code, the PDF's checksum.
 */
import { createHash, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { learnerForStaff, type LearnerForStaff, type SessionUser } from '../accounts/index.js';
import { getProgress, type ProgressData } from '../progress/index.js';
import { findResidentOfUser } from '../residents/index.js';
import { getSiteDetail } from '../sites/index.js';
import { certificateAudit } from './certificate-audit.js';
import { idOrNull, isDuplicateKey } from '../../platform/ids.js';
import { BadInput } from '../../platform/errors.js';
import { recordActivity } from '../../platform/activity.js';
import { certificateActivity } from './certificate.activity.js';
import { generateCode } from './certificate-code.js';
import { certificateListKeys } from './certificate-list-keys.js';
import { takeListSlot } from './certificate-list.service.js';
import { findActiveCertificate, insertCertificate } from './certificate.repository.js';
import { LIMITS, type CertificateDoc, type IssuerDoc } from './certificate.types.js';
import { certificateTerms, evaluateRule, snapshotSkills, type CertificateRule } from './eligibility.js';
import { certificatePdfOf, CURRENT_LAYOUT } from './certificate-pdf.js';
import { toSummary, validationFacts, type CertificateSummary } from './certificate-policy.js';
import { rules } from './certificate-settings.js';
import { credentialFiles, CREDENTIAL_VERSION } from './credential-files.service.js';
import { newCredentialFields } from './credential.service.js';

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
export async function holderOf(
  userId: string,
  fallback: string,
): Promise<{ full: string; first: string; last: string; birthYear?: number }> {
  const record = await findResidentOfUser(userId);
  if (record && record.firstName) {
    const full = `${record.firstName} ${record.lastName}`.trim();
    return {
      full: full.slice(0, LIMITS.name),
      first: record.firstName.slice(0, LIMITS.name),
      last: record.lastName.slice(0, LIMITS.name),
      // The record keeps a birth year only (data minimisation): that is what is printed.
      ...(record.birthYear ? { birthYear: record.birthYear } : {}),
    };
  }
  return { full: fallback.slice(0, LIMITS.name), first: '', last: '' };
}

/**
 * The issuing organisation as the site has it now, kept in the certificate: a later
 * edit of the site (or a new logo) changes no certificate already issued.
 */
export async function issuerOf(siteId: string | undefined): Promise<IssuerDoc> {
  const site = siteId ? await getSiteDetail(siteId) : null;
  const o = site?.organisation;
  return {
    legalName: o?.legalName ?? '',
    address: o?.address ?? '',
    phone: o?.phone ?? '',
    website: o?.website ?? '',
    signatoryName: o?.signatoryName ?? '',
    signatoryRole: o?.signatoryRole ?? '',
    ...(site?.logoSha256 ? { logoSha256: site.logoSha256 } : {}),
    demo: site?.demo ?? false,
  };
}

type NewCertificate = Omit<CertificateDoc, '_id' | 'code' | 'pdfSha256'> & { _id?: mongoose.Types.ObjectId };

/**
 * Inserts with a fresh code until one is free. The unique index on `code` is the
 * judge (E11000), not a prior read: two issues at the same instant cannot share a
 * code. A duplicate `activeKey` means this certificate exists already: returned as is.
 */
export async function insertWithCode(
  data: NewCertificate,
  opts: IssueOptions,
): Promise<{ doc: CertificateDoc; created: boolean }> {
  const next = opts.newCode ?? (() => generateCode(randomBytes));
  const leaderName = data.issuedByName;
  // Its own place in the credentials' status list (a re-issue gets a new one too).
  const fields = await newCredentialFields(data.issuedAt);
  // Its place in the staff list: taken once, so a retry for a taken code keeps it.
  const slot = await takeListSlot(data.site, data.issuedAt);
  data = { ...data, ...fields, credentialVersion: CREDENTIAL_VERSION, ...certificateListKeys(data), ...slot };
  for (let i = 0; i < MAX_CODE_TRIES; i++) {
    const code = next();
    const credentials = await credentialFiles({ ...data, ...fields, code }, data.issuedAt);
    const pdf = await certificatePdfOf({ ...data, code, status: 'valid' }, leaderName, credentials);
    const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
    try {
      return { doc: await insertCertificate({ ...data, code, pdfSha256 }), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await findActiveCertificate(data.activeKey);
      if (existing) return { doc: existing, created: false };
      // Otherwise the code was taken: draw another one.
    }
  }
  throw new Error('no free certificate code after several tries');
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
  const [site, holder] = await Promise.all([getSiteDetail(resident.siteId), holderOf(resident.id, resident.displayName)]);
  const issuer = await issuerOf(resident.siteId);
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
      ...(holder.birthYear ? { holderBirthYear: holder.birthYear } : {}),
      issuer,
      layout: CURRENT_LAYOUT,
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
      ...certificateTerms(rule, now),
    },
    opts,
  );
  await recordActivity(certificateActivity(doc, new Date()));
  if (created) {
    await certificateAudit.record(
      actor,
      'certificate.issue',
      `certificate:${String(doc._id)}`,
      { resident: resident.id, ref: rule.ref },
      now,
    );
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
): Promise<{ issued: number; already: number; notEligible: number; ids: string[] }> {
  const rule = rules().find((r) => r.ref === ref);
  if (!rule) throw new BadInput('certificates.errors.unknownCertificate');
  const residents = await Promise.all([...new Set(userIds)].map((id) => learnerForStaff(actor, id)));
  const counts = { issued: 0, already: 0, notEligible: 0, ids: [] as string[] };
  for (const resident of residents) {
    const progress = await getProgress(resident.id);
    if (!evaluateRule(rule, validationFacts(progress), new Set(), now).eligible) {
      counts.notEligible++;
      continue;
    }
    const { certificate, created } = await issueFor(actor, resident, rule, progress, now, {});
    if (created) {
      counts.issued++;
      // The new certificates, for the list that ends the issuing ("Tout imprimer").
      counts.ids.push(certificate.id);
    } else counts.already++;
  }
  return counts;
}
