/**
 * Revocation and re-issue (after a corrected name): by a coordinator or the issuing
 * leader, under the certificate's lock.
 */
import mongoose from 'mongoose';
import { findSessionUser, type SessionUser } from '../accounts/index.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { certificateAudit } from './certificate-audit.js';
import { BadInput, Forbidden } from '../../platform/errors.js';
import { findCertificateById, updateValidCertificate } from './certificate.repository.js';
import { LIMITS } from './certificate.types.js';
import { holderOf, insertWithCode, issuerOf, type IssueOptions } from './certificate-issue.service.js';
import { CURRENT_LAYOUT } from './certificate-pdf.js';
import { catalogue } from '../workshops/index.js';

/** The CRCN code of a skill as the catalogue has it now (for skills kept before codes were). */
const crcnOf = (skillId: string) => catalogue().skillById.get(skillId)?.crcn ?? '';
import { canRevoke } from './certificate-policy.js';
import { certificateById } from './certificate-queries.js';
import { recordActivity } from '../../platform/activity.js';
import { certificateActivity, recordCertificateState } from './certificate.activity.js';

// ---------- revocation and re-issue ----------

// Updates of one certificate, serialised (FerretDB 1.24 has no atomic update).
export const certificateKey = (id: string) => documentKey('certificates', id);

/**
 * What a revocation writes. The active key is freed (`revoked:<id>`) so that a new
 * certificate of the same kind can be issued; `by` is null for the system (erasure).
 */
export function revokedFields(id: string, by: SessionUser | null, reason: string, now: Date) {
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
    await updateValidCertificate(c._id, { $set: revokedFields(id, actor, reason, now) });
    await recordCertificateState(id);
    return true;
  });
  if (!revoked) return;
  await certificateAudit.record(
    actor,
    'certificate.revoke',
    `certificate:${id}`,
    { reason: reason.slice(0, LIMITS.reason) },
    now,
  );
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
    const replacement = old.replacedBy ? await findCertificateById(old.replacedBy) : null;
    if (replacement) return String(old.replacedBy);
    if (!old.replacedBy) throw new BadInput('certificates.errors.alreadyRevoked');
  }
  if (old.status === 'valid' && holder.full === old.holderName) throw new BadInput('certificates.errors.nameUnchanged');
  const newId = old.replacedBy ?? new mongoose.Types.ObjectId();
  reason = reason.slice(0, LIMITS.reason);
  if (old.status === 'valid') {
    await updateValidCertificate(old._id, {
      $set: { ...revokedFields(id, actor, reason, now), replacedBy: newId },
    });
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
      ...(holder.birthYear ? { holderBirthYear: holder.birthYear } : {}),
      // The organisation it was issued by; a certificate from before layout 2 takes its site's now.
      issuer: old.issuer ?? (await issuerOf(old.site ? String(old.site) : undefined)),
      layout: CURRENT_LAYOUT,
      skills: old.skills.map((s) => ({ ...s, crcn: s.crcn ?? crcnOf(s.skillId) })),
      issuedAt: now,
      issuedBy: new mongoose.Types.ObjectId(actor.id),
      issuedByName: actor.displayName.slice(0, LIMITS.name),
      status: 'valid',
      activeKey: `${String(old.user)}:${old.ref}`,
      replaces: old._id,
      // A corrected name changes nothing else: same rules, same end of validity.
      ...(old.rulesVersion === undefined ? {} : { rulesVersion: old.rulesVersion }),
      ...(old.validUntil === undefined ? {} : { validUntil: old.validUntil }),
    },
    opts,
  );
  await recordCertificateState(old._id);
  await recordActivity(certificateActivity(doc, new Date()));
  await certificateAudit.record(
    actor,
    'certificate.reissue',
    `certificate:${String(doc._id)}`,
    { replaces: id, reason, from: old.holderName, to: holder.full },
    now,
  );
  return String(doc._id);
}
