/**
 * The outcome of a referral (an individual-help entry that sent the person elsewhere):
 * done, or not done and why. Written into the entry under its lock; the follow-up then
 * leaves the leader's home. Audited.
 */
import type { SessionUser } from '../accounts/index.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { NotFound } from '../../platform/errors.js';
import { parseId } from '../../platform/ids.js';
import { activeResidentForStaff } from './resident-access.js';
import { residentAudit, subject } from './resident-audit.js';
import * as repo from './resident.repository.js';
import type { REFERRAL_OUTCOMES } from './vocabulary.js';

export interface ReferralOutcome {
  outcome: (typeof REFERRAL_OUTCOMES)[number];
  outcomeReason: string;
}

export async function recordReferralOutcome(
  actor: SessionUser,
  residentId: string,
  entryId: string,
  input: ReferralOutcome,
  now: Date,
): Promise<void> {
  const r = await activeResidentForStaff(actor, residentId);
  const id = parseId(entryId);
  await withDocumentLock(documentKey('support-entries', entryId), async () => {
    const entry = await repo.findEntryById(id);
    if (!entry || String(entry.resident) !== String(r._id) || entry.kind !== 'aide' || !entry.details?.referralType)
      throw new NotFound();
    await repo.updateEntry(id, {
      details: { ...entry.details, ...input, outcomeOn: now, outcomeByName: actor.displayName },
    });
  });
  await repo.deleteDeadline(id, 'orientation');
  await residentAudit.record(actor, 'resident.referral-outcome', subject(r._id), { entry: entryId, outcome: input.outcome });
}
