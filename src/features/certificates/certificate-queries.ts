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

/** LinkedIn's link for a valid certificate, to its public check page. */
export const linkedInUrlOf = (c: CertificateDoc) => (c.status === 'valid' ? linkedInAddUrl(c, verifyUrlOf(c.code)) : undefined);
