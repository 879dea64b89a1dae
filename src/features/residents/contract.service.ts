/**
 * The follow-up of an operator contract recorded in a legal-advice entry: its deadlines,
 * written with the entry (one small document each, found by site and day), the ones of
 * the next two weeks for the leader's home, and the withdrawal letter.
 */
import mongoose from 'mongoose';
import type { SessionUser } from '../accounts/index.js';
import { NotFound } from '../../platform/errors.js';
import { parseId } from '../../platform/ids.js';
import {
  contractDeadlines,
  daysLeft,
  upcomingDays,
  withdrawalDeadline,
  type ContractDates,
  type DeadlineKind,
} from './contract-rules.js';
import { activeResidentForStaff } from './resident-access.js';
import { residentAudit, subject } from './resident-audit.js';
import * as repo from './resident.repository.js';
import type { SupportEntryDoc } from './resident.repository.js';

/** Writes the deadlines of a legal-advice entry; repeating it writes the same documents. */
export async function saveContractDeadlines(entry: SupportEntryDoc): Promise<void> {
  if (entry.kind !== 'conseil-juridique') return;
  for (const d of contractDeadlines(entry.details as ContractDates)) {
    await repo.saveDeadline({ site: entry.site, day: d.day, kind: d.kind, resident: entry.resident, entry: entry._id });
  }
}

export interface UpcomingDeadline {
  residentId: string;
  name: string;
  kind: DeadlineKind;
  day: string;
  daysLeft: number;
}

/** The deadlines of the leader's site from today to 14 days ahead, soonest first: one indexed lookup per day. */
export async function upcomingDeadlines(actor: SessionUser, now: Date): Promise<UpcomingDeadline[]> {
  if (actor.role !== 'leader' || !actor.siteId) return [];
  const site = parseId(actor.siteId);
  const days = await Promise.all(upcomingDays(now).map((day) => repo.deadlinesOfDay(site, day)));
  const rows = days.flat();
  const residents = await repo.findResidentsByIds(rows.map((r) => r.resident));
  const byId = new Map(residents.filter((r) => !r.anonymisedAt).map((r) => [String(r._id), r]));
  return rows
    .filter((r) => byId.has(String(r.resident)))
    .map((r) => {
      const who = byId.get(String(r.resident))!;
      return {
        residentId: String(r.resident),
        name: `${who.firstName} ${who.lastName ?? ''}`.trim(),
        kind: r.kind as DeadlineKind,
        day: r.day,
        daysLeft: daysLeft(r.day as never, now),
      };
    });
}

/** What the withdrawal letter says, from a legal-advice entry of a resident of the leader's site. */
export async function withdrawalLetterData(actor: SessionUser, residentId: string, entryId: string) {
  const r = await activeResidentForStaff(actor, residentId);
  const entry = await repo.findEntryById(parseId(entryId));
  if (!entry || String(entry.resident) !== String(r._id) || entry.kind !== 'conseil-juridique') throw new NotFound();
  const d = entry.details as ContractDates & { partner?: string; operatorAddress?: string };
  if (!d.contractKind || !d.signedOn) throw new NotFound();
  await residentAudit.record(actor, 'resident.letter', subject(r._id), { entry: entryId });
  return {
    operator: d.partner ?? '',
    operatorAddress: d.operatorAddress ?? '',
    contractKind: d.contractKind,
    signedOn: new Date(d.signedOn),
    deliveredOn: d.deliveredOn ? new Date(d.deliveredOn) : null,
    deadline: withdrawalDeadline(d),
    name: `${r.firstName} ${r.lastName ?? ''}`.trim(),
    address: await residentAddress(r),
  };
}

async function residentAddress(r: { household?: mongoose.Types.ObjectId | null }): Promise<string> {
  const h = r.household ? await repo.findHouseholdById(r.household) : null;
  if (!h) return '';
  const w = h.dwelling;
  return [w?.address, [w?.building, w?.entrance, w?.flat].filter(Boolean).join(', ')].filter(Boolean).join('\n');
}
