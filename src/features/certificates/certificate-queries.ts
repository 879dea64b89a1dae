/**
 * Reads shared by the certificate services: one certificate, a learner's certificates and what they may still be issued.
 */
import mongoose from 'mongoose';
import { learnerForStaff, type SessionUser } from '../accounts/index.js';
import { getProgress, type ProgressData } from '../progress/index.js';
import { idOrNull, parseId } from '../../platform/ids.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import type { CertificateDoc } from './certificate.types.js';
import * as repo from './certificate.repository.js';
import type { RuleStatus } from './eligibility.js';
import { statusesOf, toSummary, type CertificateSummary } from './certificate-policy.js';
import { rules, verifyUrlOf } from './certificate-settings.js';
import { linkedInAddUrl } from './certificate-linkedin.js';

export async function certificateById(id: string): Promise<CertificateDoc> {
  const c = await repo.findCertificateById(parseId(id));
  if (!c) throw new NotFound();
  return c;
}

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
  return { statuses: statusesOf(rules(), progress, certificates, now), certificates };
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
      return [userId, statusesOf(rules(), progress, certificates, now)] as const;
    }),
  );
  return new Map(entries);
}

/** The resident's own page; a valid certificate has its "add to my LinkedIn profile" link. */
export async function myCertificates(actor: SessionUser): Promise<(CertificateSummary & { linkedInUrl?: string })[]> {
  if (actor.role !== 'resident') throw new Forbidden();
  if (!idOrNull(actor.id)) return [];
  const rows = await repo.certificatesOfUser(new mongoose.Types.ObjectId(actor.id), 200);
  return rows.map((c) => ({ ...toSummary(c), linkedInUrl: linkedInUrlOf(c) }));
}

/** The core certificate ("socle") as its holder follows it: how far, and what is missing. */
export interface CoreProgress {
  title: string;
  issued: boolean;
  done: number;
  total: number;
  missing: RuleStatus['missing'];
}

/**
 * The job-seeker's page: the certificates, each with its check address (what to give an
 * employer), and the core certificate's progress with the skills still missing.
 */
export async function myCertificatesPage(actor: SessionUser, now: Date) {
  const certificates = (await myCertificates(actor)).map((c) => ({ ...c, verifyUrl: verifyUrlOf(c.code) }));
  const progress = await getProgress(actor.id);
  const core = statusesOf(rules(), progress, certificates, now).find((s) => s.kind === 'socle');
  const socle: CoreProgress | null = core
    ? {
        title: core.title,
        issued: core.issued,
        done: core.validated.length,
        total: core.validated.length + core.missing.length,
        missing: core.missing,
      }
    : null;
  return { certificates, socle };
}

/** LinkedIn's link for a valid certificate, to its public check page. */
export const linkedInUrlOf = (c: CertificateDoc) => (c.status === 'valid' ? linkedInAddUrl(c, verifyUrlOf(c.code)) : undefined);
