/**
 * Certificate policy, pure: the facts a progress document gives, the statuses of the
 * rules for a learner, who may revoke, the summary shown of a certificate.
 */
import { canRevokeCertificate, isStaffOfSite, type SessionUser } from '../accounts/index.js';
import type { ProgressData } from '../progress/index.js';
import type { CertificateDoc } from './certificate.types.js';
import { evaluateRules, type CertificateRule, type RuleStatus, type ValidationFact } from './eligibility.js';

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

export const toSummary = (c: CertificateDoc): CertificateSummary => ({
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

export function statusesOf(
  rules: CertificateRule[],
  progress: ProgressData,
  certificates: CertificateSummary[],
  now: Date,
): RuleStatus[] {
  const issued = new Set(certificates.filter((c) => c.status === 'valid').map((c) => c.ref));
  return evaluateRules(rules, validationFacts(progress), issued, now);
}

// ---------- who may do what ----------

export const canRevoke = (actor: SessionUser, c: CertificateDoc) => canRevokeCertificate(actor, c.issuedBy);

export const isStaffOf = (actor: SessionUser, c: CertificateDoc) => isStaffOfSite(actor, c.site);
