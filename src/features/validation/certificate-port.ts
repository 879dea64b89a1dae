/**
 * What the validation pages show and do of certificates. Certificates sit above
 * validation (a certificate is issued from validations), so validation names only this
 * shape; createApp hands in the certificate feature's functions (certificates/index.ts).
 */
import type { SessionUser } from '../accounts/index.js';
import type { ProgressData } from '../progress/index.js';

/** A certificate rule's state for one learner, as far as the grid needs it. */
export interface CertificateStatusView {
  ref: string;
  /** 'module' or 'socle'. */
  kind: string;
  eligible: boolean;
  issued: boolean;
  /** The rule's skills validated, and missing: the progress towards the certificate. */
  validated: readonly unknown[];
  missing: readonly unknown[];
}

export interface CertificatePort {
  /** A learner's statuses and certificates, for their skills page. */
  panel(
    actor: SessionUser,
    userId: string,
    now: Date,
  ): Promise<{ statuses: CertificateStatusView[]; certificates: { ref: string }[] }>;
  /** The statuses of several learners, from the progress the caller has read. */
  statusesOf(progressByUser: Map<string, ProgressData>, now: Date): Promise<Map<string, CertificateStatusView[]>>;
  issue(actor: SessionUser, userId: string, ref: string, now: Date): Promise<{ certificate: { id: string } }>;
  issueToMany(
    actor: SessionUser,
    userIds: string[],
    ref: string,
    now: Date,
  ): Promise<{ issued: number; already: number; notEligible: number; ids: string[] }>;
}
