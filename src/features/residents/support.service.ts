/**
 * Support entries (accompagnements). One entry is one document; a double submit of
 * the same form (same `submission`) records once.
 */
import type { SessionUser } from '../accounts/index.js';
import { audit } from '../../platform/audit.js';
import { withDocumentLock } from '../../platform/document-lock.js';
import { BadInput } from '../../platform/errors.js';
import { countHousehold, countSupportEntry } from '../statistics/counters.js';
import { Household, type HouseholdDoc } from './household.model.js';
import { activeResidentForStaff } from './resident-access.js';
import { followUpAfter, subscriptionAfterChange } from './resident-rules.js';
import { Resident } from './resident.model.js';
import { householdKey, recordContact, residentKey, subject } from './resident.service.js';
import { SupportEntry, type SupportKind } from './support-entry.model.js';
import type { EntryDetails, EntryInput } from './support-forms.js';
import { isDuplicateKey, parseId } from '../../platform/ids.js';

/** The resident's name for the form's heading; refuses before the notice is recorded. */
export async function prepareEntry(actor: SessionUser, residentId: string) {
  const r = await activeResidentForStaff(actor, residentId);
  if (!r.notice?.givenAt) throw new BadInput('residents.errors.noticeFirst');
  return { id: String(r._id), name: `${r.firstName} ${r.lastName ?? ''}`.trim() };
}

export async function addEntry(actor: SessionUser, residentId: string, input: EntryInput): Promise<{ created: boolean }> {
  const r = await activeResidentForStaff(actor, residentId);
  if (!r.notice?.givenAt) throw new BadInput('residents.errors.noticeFirst');
  let household: HouseholdDoc | null = null;
  if (input.kind === 'abonnement') {
    household = r.household ? await Household.findById(r.household).lean<HouseholdDoc>() : null;
    if (!household) throw new BadInput('residents.errors.noHousehold');
  }
  try {
    const entry = await SupportEntry.create({
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
    });
    await countSupportEntry(entry);
  } catch (err) {
    if (isDuplicateKey(err)) {
      // Counted again: a retry after a failure between the insert and the count completes it.
      const found = await SupportEntry.findOne({ submission: input.submission }).lean();
      if (found) await countSupportEntry(found);
      return { created: false };
    }
    throw err;
  }
  const followUp = followUpAfter(input.kind, input.details as Record<string, unknown>);
  if (followUp !== undefined) {
    await withDocumentLock(residentKey(r._id), () => Resident.updateOne({ _id: r._id }, { $set: { followUp } }));
  }
  await recordContact([String(r._id)], input.date);
  if (household) {
    const id = household._id;
    const change = input.details as EntryDetails['abonnement'];
    // Read again inside the lock: the subscription follows from its current state.
    await withDocumentLock(householdKey(id), async () => {
      const current = await Household.findById(id).lean<HouseholdDoc>();
      const next = subscriptionAfterChange(current?.subscription ?? household.subscription, { ...change, date: input.date });
      await Household.updateOne({ _id: id }, { $set: { subscription: next } });
      if (current) await countHousehold({ ...current, subscription: next });
    });
  }
  await audit(actor, 'resident.entry', subject(r._id), { kind: input.kind satisfies SupportKind });
  return { created: true };
}
