/**
 * The resident's record: everything about one person in one place (identity,
 * household, timeline of support, workshops, skills, certificates, attachments).
 * Reads a handful of small documents; every read of a record is audited (a reader's
 * repeated views once per AUDIT_VIEW_WINDOW, platform/audit-window.ts).
 */
import { accountSummary, type SessionUser } from '../accounts/index.js';
import { listCertificatesForUser } from '../certificates/index.js';
import { getProgress } from '../progress/index.js';
import {
  buildTimeline,
  contractsOfEntries,
  findResidentOfUser,
  householdOfRecord,
  identityOf,
  listAttachments,
  residentForReader,
  residentSubject,
  supportEntriesOfResident,
} from '../residents/index.js';
import { selfAnswersOfUser, type BeforeAfter } from '../self-assessment/index.js';
import { listSessionsOfResident } from '../sessions/index.js';
import { catalogue } from '../workshops/index.js';
import { auditWindow } from '../../platform/audit-window.js';
import { Forbidden } from '../../platform/errors.js';
import { recordAudit } from './record-audit.js';

/** Each skill with progress or a before/after answer: the answers beside the leader's validation. */
function skillsOf(progress: Awaited<ReturnType<typeof getProgress>>, answers: Map<string, BeforeAfter>) {
  const cat = catalogue();
  const ids = new Set([...Object.keys(progress.skills), ...answers.keys()]);
  return [...ids]
    .map((id) => {
      const skill = cat.skillById.get(id);
      const p = progress.skills[id] ?? {};
      return {
        id,
        title: skill?.title ?? id,
        moduleTitle: skill ? (cat.moduleById.get(skill.moduleId)?.title ?? '') : '',
        self: p.self ?? null,
        bestScore: p.bestScore ?? null,
        beforeAfter: answers.get(id) ?? null,
        validation: p.validation
          ? { byName: p.validation.byName, date: p.validation.date, level: p.validation.level, method: p.validation.method }
          : null,
      };
    })
    .sort((a, b) => a.moduleTitle.localeCompare(b.moduleTitle, 'fr') || a.title.localeCompare(b.title, 'fr'));
}

/** Builds the record of a resident the actor may read; `action` names the audited read. */
export async function getRecord(actor: SessionUser, residentId: string, action: 'view' | 'export' = 'view', now = new Date()) {
  const r = await residentForReader(actor, residentId);
  const userId = r.user ? String(r.user) : null;
  const [household, entries, sessions, progress, certificates, attachments, answers, account] = await Promise.all([
    householdOfRecord(r),
    supportEntriesOfResident(String(r._id), 500),
    listSessionsOfResident(String(r._id)),
    userId ? getProgress(userId) : Promise.resolve({ skills: {}, exercises: {} }),
    userId ? listCertificatesForUser(userId) : Promise.resolve([]),
    // Residents read their record without the scanned documents, which staff keep.
    actor.role === 'leader' ? listAttachments(String(r._id)) : Promise.resolve([]),
    userId ? selfAnswersOfUser(userId) : Promise.resolve(new Map<string, BeforeAfter>()),
    // The username on the record (staff manage the login from here).
    userId && actor.role === 'leader' ? accountSummary(userId) : Promise.resolve(null),
  ]);
  const timeline = buildTimeline(entries, sessions, r.notice, (id) => catalogue().moduleById.get(id)?.title ?? id);
  const subject = residentSubject(r._id);
  const write = () => recordAudit.record(actor, `resident.${action}`, subject);
  // A view is written once per reader and record per AUDIT_VIEW_WINDOW; an export every time.
  await (action === 'view' ? auditWindow.get().once(actor.id, subject, write) : write());
  return {
    resident: {
      ...identityOf(r),
      notice: r.notice?.givenAt ? { givenAt: r.notice.givenAt, givenByName: r.notice.givenByName ?? '' } : null,
      lastContactAt: r.lastContactAt ?? null,
      followUp: Boolean(r.followUp),
      hasAccount: Boolean(userId),
      userId,
      account,
      anonymisedAt: r.anonymisedAt ?? null,
      createdAt: r.createdAt,
    },
    household,
    entries,
    // The contracts followed, with their deadlines as of now (plain words on the page).
    contracts: contractsOfEntries(entries, now),
    timeline,
    sessions,
    skills: skillsOf(progress, answers),
    // Each certificate with the workshop sessions where its skills were observed.
    certificates: certificates.map((c) => ({ ...c, sessions: sessions.filter((s) => c.sessionIds.includes(s.id)) })),
    attachments,
  };
}

export type RecordView = Awaited<ReturnType<typeof getRecord>>;

/** A resident's own record, read-only; null when no record is linked to the account. */
export async function getOwnRecord(actor: SessionUser): Promise<RecordView | null> {
  if (actor.role !== 'resident') throw new Forbidden();
  const mine = await findResidentOfUser(actor.id);
  return mine ? getRecord(actor, mine.id) : null;
}
