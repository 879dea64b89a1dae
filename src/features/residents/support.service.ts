/**
 * Support entries (accompagnements). One entry is one document; a double submit of
 * the same form (same `submission`) records once. Each entry is told to the activity
 * log once (the statistics count from it).
 */
import type { SessionUser } from '../accounts/index.js';
import { recordActivity } from '../../platform/activity.js';
import { BadInput } from '../../platform/errors.js';
import { isDuplicateKey, parseId } from '../../platform/ids.js';
import { changeHousehold } from './household.service.js';
import { activeResidentForStaff } from './resident-access.js';
import { residentAudit, subject } from './resident-audit.js';
import { supportEntryActivity } from './resident.activity.js';
import { saveContractDeadlines } from './contract.service.js';
import { followUpAfter, subscriptionAfterChange } from './resident-rules.js';
import * as repo from './resident.repository.js';
import type { HouseholdDoc, SupportEntryDoc } from './resident.repository.js';
import { recordContact, updateResident } from './resident.service.js';
import type { EntryDetails, EntryInput } from './support-forms.js';
import type { SupportKind } from './vocabulary.js';

/** The resident's name for the form's heading; refuses before the notice is recorded. */
export async function prepareEntry(actor: SessionUser, residentId: string) {
  const r = await activeResidentForStaff(actor, residentId);
  if (!r.notice?.givenAt) throw new BadInput('residents.errors.noticeFirst');
  return { id: String(r._id), name: `${r.firstName} ${r.lastName ?? ''}`.trim() };
}

/** Inserts the entry, or finds the one a repeated form made: null when it was there already. */
async function insertOnce(doc: Record<string, unknown>, submission: string): Promise<SupportEntryDoc | null> {
  try {
    const entry = await repo.insertEntry(doc);
    await recordActivity(supportEntryActivity(entry, new Date()));
    await saveContractDeadlines(entry);
    return entry;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Told again: a retry after a failure between the insert and the log completes it.
    const found = await repo.findEntryOfSubmission(submission);
    if (found) {
      await recordActivity(supportEntryActivity(found, new Date()));
      await saveContractDeadlines(found);
    }
    return null;
  }
}

export async function addEntry(actor: SessionUser, residentId: string, input: EntryInput): Promise<{ created: boolean }> {
  const r = await activeResidentForStaff(actor, residentId);
  if (!r.notice?.givenAt) throw new BadInput('residents.errors.noticeFirst');
  let household: HouseholdDoc | null = null;
  if (input.kind === 'abonnement') {
    household = r.household ? await repo.findHouseholdById(r.household) : null;
    if (!household) throw new BadInput('residents.errors.noHousehold');
  }
  const entry = await insertOnce(
    {
      site: r.site,
      resident: r._id,
      kind: input.kind,
      date: input.date,
      leader: parseId(actor.id),
      leaderName: actor.displayName,
      durationMinutes: input.durationMinutes,
      place: input.place,
      notes: input.notes,
      details: input.details,
      submission: input.submission,
    },
    input.submission,
  );
  if (!entry) return { created: false };
  const followUp = followUpAfter(input.kind, input.details as Record<string, unknown>);
  if (followUp !== undefined) await updateResident(r._id, { $set: { followUp } });
  await recordContact([String(r._id)], input.date);
  if (household) {
    const change = input.details as EntryDetails['abonnement'];
    const before = household.subscription;
    // The subscription follows from its current state, read again under the lock.
    await changeHousehold(household._id, (current) => ({
      subscription: subscriptionAfterChange(current.subscription ?? before, { ...change, date: input.date }),
    }));
  }
  await residentAudit.record(actor, 'resident.entry', subject(r._id), { kind: input.kind satisfies SupportKind });
  return { created: true };
}
