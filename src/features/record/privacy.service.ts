/**
 * Personal-data rights: export (JSON and a readable page), erasure by anonymisation and
 * the retention rule, each composed from the features' own parts.
 */
import { anonymiseResidentAccount, type SessionUser } from '../accounts/index.js';
import { anonymiseCertificatesOfUser } from '../certificates/index.js';
import {
  anonymiseIdentity,
  eraseSupportData,
  residentSubject,
  residentsDueForRetention,
  residentToErase,
  type ErasableResident,
} from '../residents/index.js';
import { eraseValidationTexts } from '../validation/index.js';
import { anonymiseAuditTrail } from '../../platform/audit.js';
import { endSessionsOfUser } from '../../platform/sessions.js';
import { recordAudit } from './record-audit.js';
import { getRecord, type RecordView } from './record.service.js';

/** The data of one resident as plain JSON-ready values (the right of access). */
export async function exportResident(actor: SessionUser, residentId: string, now: Date) {
  const record = await getRecord(actor, residentId, 'export');
  return { exportedAt: now.toISOString(), exportedBy: actor.displayName, ...toExport(record) };
}

function toExport(r: RecordView) {
  return {
    resident: r.resident,
    household: r.household,
    supportEntries: r.entries,
    workshops: r.sessions.map((s) => ({ module: s.moduleTitle, moduleId: s.moduleId, date: s.date, leader: s.leaderName })),
    skills: r.skills,
    certificates: r.certificates.map((c) => ({ code: c.code, title: c.title, issuedAt: c.issuedAt, status: c.status })),
    attachments: r.attachments.map((a) => ({
      name: a.name,
      label: a.label,
      contentType: a.contentType,
      size: a.size,
      uploadedAt: a.uploadedAt,
    })),
  };
}

/**
 * Anonymises one resident: identity, free texts of their support entries, their
 * attachments and login account. Counts (entries by kind, workshops, subscriptions)
 * stay. Repeating it changes nothing.
 */
async function anonymise(r: ErasableResident, actor: SessionUser | null, now: Date, reason: 'request' | 'retention') {
  if (r.anonymised) return false;
  const { entries, files } = await eraseSupportData(r);
  // Names as they are before the erasure: to find them in free texts.
  const words = [r.firstName, r.lastName].flatMap((n) => n.split(/[\s'’-]+/));
  const subjects = [residentSubject(r.id)];
  if (r.userId) {
    const certificates = await anonymiseCertificatesOfUser(r.userId, now);
    subjects.push(...certificates.map((id) => `certificate:${id}`));
    await eraseValidationTexts(r.userId, now);
    const username = await anonymiseResidentAccount(r.userId);
    if (username) words.push(username);
    // After the account is anonymised, so that no new login can follow.
    await endSessionsOfUser(r.userId);
  }
  await anonymiseAuditTrail({ subjects, actorId: r.userId ?? undefined, words });
  await anonymiseIdentity(r, now);
  await recordAudit.record(actor, 'resident.erase', residentSubject(r.id), { reason, entries, files }, now);
  return true;
}

export async function eraseResident(actor: SessionUser, residentId: string, now: Date): Promise<void> {
  await anonymise(await residentToErase(actor, residentId), actor, now, 'request');
}

/**
 * The retention rule: anonymises every resident with no contact for two years, with
 * `step` (the background queue's yield to requests) between two residents.
 */
export async function runRetention(now: Date, step: () => Promise<void> = async () => {}): Promise<number> {
  let count = 0;
  for (const r of await residentsDueForRetention(now)) {
    await step();
    if (await anonymise(r, null, now, 'retention')) count++;
  }
  return count;
}
