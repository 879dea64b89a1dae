/**
 * The support record's part of an erasure (composed with the other features' in
 * features/record): the free texts of the entries blanked, the attachments deleted,
 * then the identity anonymised. Counts (entries by kind, workshops, subscriptions) stay.
 */
import type { SessionUser } from '../accounts/index.js';
import { parseId } from '../../platform/ids.js';
import { placeName } from '../../platform/name-parts.repository.js';
import { deleteAttachmentsOf } from './attachment.service.js';
import { residentForStaff } from './resident-access.js';
import { residentParts } from './resident-parts.service.js';
import { anonymisedDetails, anonymisedIdentity, isRetentionDue } from './resident-rules.js';
import * as repo from './resident.repository.js';
import type { ResidentDoc } from './resident.repository.js';
import { updateResident } from './resident.service.js';

/** What an erasure needs of a record. */
export interface ErasableResident {
  id: string;
  userId: string | null;
  firstName: string;
  lastName: string;
  birthYear: number | null;
  anonymised: boolean;
}

const toErasable = (r: ResidentDoc): ErasableResident => ({
  id: String(r._id),
  userId: r.user ? String(r.user) : null,
  firstName: r.firstName ?? '',
  lastName: r.lastName ?? '',
  birthYear: r.birthYear ?? null,
  anonymised: Boolean(r.anonymisedAt),
});

/** A record the actor may erase: a leader of its site. */
export async function residentToErase(actor: SessionUser, id: string): Promise<ErasableResident> {
  return toErasable(await residentForStaff(actor, id));
}

/** The retention rule's round: every record with no contact for two years (a job, off the request path). */
export async function residentsDueForRetention(now: Date): Promise<ErasableResident[]> {
  return (await repo.residentsNotAnonymised()).filter((r) => isRetentionDue(r, now)).map(toErasable);
}

/** Blanks the free texts of the resident's entries and deletes their files. Repeating it changes nothing. */
export async function eraseSupportData(r: ErasableResident): Promise<{ entries: number; files: number }> {
  const entries = await repo.entriesOfResident(parseId(r.id), 100_000);
  for (const e of entries) await repo.updateEntry(e._id, { notes: '', details: anonymisedDetails(e.kind, e.details ?? {}) });
  await repo.deleteDeadlinesOfResident(parseId(r.id));
  return { entries: entries.length, files: await deleteAttachmentsOf(r.id) };
}

/** Written last: a failure before leaves the record to anonymise on the next run. */
export async function anonymiseIdentity(r: ErasableResident, now: Date): Promise<void> {
  const { birthYear, ...rest } = anonymisedIdentity(r, now);
  const doc = await repo.findResidentById(parseId(r.id));
  if (!doc) return;
  // Out of the list: its part loses one.
  await placeName(residentParts, doc.site, { from: doc.namePart, to: null }, () =>
    updateResident(parseId(r.id), {
      $set: { ...rest, ...(birthYear ? { birthYear } : {}), followUp: false },
      $unset: { user: 1, namePart: 1, ...(birthYear ? {} : { birthYear: 1 }) },
    }),
  );
}
