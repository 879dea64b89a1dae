/**
 * The support record's parts of a whole record (composed in features/record): the
 * household with its other members, and the support entries, as plain values.
 */
import { parseId } from '../../platform/ids.js';
import * as repo from './resident.repository.js';
import type { ResidentDoc, SupportEntryDoc } from './resident.repository.js';

export interface SupportEntryView {
  id: string;
  kind: string;
  date: Date;
  leaderName: string;
  durationMinutes: number;
  place: string;
  notes: string;
  details: Record<string, unknown>;
}

const toEntry = (e: SupportEntryDoc): SupportEntryView => ({
  id: String(e._id),
  kind: e.kind,
  date: e.date,
  leaderName: e.leaderName ?? '',
  durationMinutes: e.durationMinutes ?? 0,
  place: e.place,
  notes: e.notes ?? '',
  details: e.details ?? {},
});

/** A resident's entries, newest first (at most `limit`). */
export async function supportEntriesOfResident(residentId: string, limit: number): Promise<SupportEntryView[]> {
  return (await repo.entriesOfResident(parseId(residentId), limit)).map(toEntry);
}

/** The household of a record, its subscription's history and its other members; null without one. */
export async function householdOfRecord(r: Pick<ResidentDoc, '_id' | 'household'>) {
  if (!r.household) return null;
  const [h, members] = await Promise.all([repo.findHouseholdById(r.household), repo.membersOfHousehold(r.household)]);
  if (!h) return null;
  const sub = h.subscription;
  return {
    id: String(h._id),
    dwelling: {
      address: h.dwelling?.address ?? '',
      building: h.dwelling?.building ?? '',
      entrance: h.dwelling?.entrance ?? '',
      flat: h.dwelling?.flat ?? '',
      landlordRef: h.dwelling?.landlordRef ?? '',
    },
    subscription: {
      status: sub?.status ?? '',
      offer: sub?.offer ?? '',
      monthlyChargeCents: sub?.monthlyChargeCents ?? null,
      dates: Object.entries((sub?.dates ?? {}) as Record<string, Date | null | undefined>)
        .filter((e): e is [string, Date] => e[1] instanceof Date)
        .map(([status, date]) => ({ status, date }))
        .sort((a, b) => a.date.getTime() - b.date.getTime()),
    },
    members: members
      .filter((m) => String(m._id) !== String(r._id))
      .map((m) => ({ id: String(m._id), name: `${m.firstName} ${m.lastName ?? ''}`.trim() })),
  };
}
