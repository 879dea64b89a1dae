/**
 * What the certificates feature tells the activity log (platform/activity.ts): each new
 * state of a certificate (issued, revoked, replaced), as plain values.
 */
import mongoose from 'mongoose';
import { backfillId, changeId, recordActivity, type Activity } from '../../platform/activity.js';
import { findCertificateById } from './certificate.repository.js';

export const CERTIFICATE_ACTIVITY = 'certificate';

export interface CertificateActivity {
  user: string;
  issuedAt: Date;
  status: 'valid' | 'revoked';
  revokedAt: Date | null;
  replaces: string | null;
  replacedBy: string | null;
}

type Id = { toString(): string };
const optional = (v: Id | null | undefined) => (v === undefined || v === null ? null : String(v));

export function certificateActivity(
  c: {
    _id: Id;
    site?: Id | null;
    user: Id;
    issuedAt: Date;
    status: 'valid' | 'revoked';
    revokedAt?: Date | null;
    replaces?: Id | null;
    replacedBy?: Id | null;
  },
  at: Date,
  opts: { backfill?: boolean } = {},
): Activity {
  const subject = String(c._id);
  const data: CertificateActivity = {
    user: String(c.user),
    issuedAt: c.issuedAt,
    status: c.status,
    revokedAt: c.revokedAt ?? null,
    replaces: optional(c.replaces),
    replacedBy: optional(c.replacedBy),
  };
  return {
    id: opts.backfill ? backfillId(CERTIFICATE_ACTIVITY, subject) : changeId(CERTIFICATE_ACTIVITY, subject),
    type: CERTIFICATE_ACTIVITY,
    subject,
    site: optional(c.site),
    at,
    data: { ...data },
  };
}

/** Tells the log a certificate's state as it now is (after a write that returns nothing). */
export async function recordCertificateState(id: unknown): Promise<void> {
  const c = await findCertificateById(new mongoose.Types.ObjectId(String(id)));
  if (c) await recordActivity(certificateActivity(c, new Date()));
}
