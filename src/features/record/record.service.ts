/**
 * The resident's record: everything about one person in one place (identity,
 * household, timeline of support, workshops, skills, certificates, attachments).
 * Reads a handful of small documents; every read of a record is audited.
 */
import type { SessionUser } from '../accounts/index.js';
import { listCertificatesForUser } from '../certificates/index.js';
import { getProgress } from '../progress/index.js';
import { listSessionsOfResident } from '../sessions/index.js';
import { catalogue } from '../workshops/index.js';
import { audit } from '../../platform/audit.js';
import { Forbidden } from '../../platform/errors.js';
import { listAttachments } from '../residents/attachment.service.js';
import { residentForReader } from '../residents/resident-access.js';
import { buildTimeline } from '../residents/resident-rules.js';
import type { ResidentDoc } from '../residents/resident.model.js';
import * as repo from '../residents/resident.repository.js';
import { findResidentOfUser, identityOf, subject } from '../residents/resident.service.js';
import type { SupportEntryDoc } from '../residents/support-entry.model.js';

export interface EntryView {
  id: string;
  kind: string;
  date: Date;
  leaderName: string;
  durationMinutes: number;
  place: string;
  notes: string;
  details: Record<string, unknown>;
}

const toEntry = (e: SupportEntryDoc): EntryView => ({
  id: String(e._id),
  kind: e.kind,
  date: e.date,
  leaderName: e.leaderName ?? '',
  durationMinutes: e.durationMinutes ?? 0,
  place: e.place,
  notes: e.notes ?? '',
  details: e.details ?? {},
});

function skillsOf(progress: Awaited<ReturnType<typeof getProgress>>) {
  const cat = catalogue();
  return Object.entries(progress.skills)
    .map(([id, p]) => {
      const skill = cat.skillById.get(id);
      return {
        id,
        title: skill?.title ?? id,
        moduleTitle: skill ? (cat.moduleById.get(skill.moduleId)?.title ?? '') : '',
        self: p.self ?? null,
        bestScore: p.bestScore ?? null,
        validation: p.validation
          ? { byName: p.validation.byName, date: p.validation.date, level: p.validation.level, method: p.validation.method }
          : null,
      };
    })
    .sort((a, b) => a.moduleTitle.localeCompare(b.moduleTitle, 'fr') || a.title.localeCompare(b.title, 'fr'));
}

async function householdOf(r: ResidentDoc) {
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

/** Builds the record of a resident the actor may read; `action` names the audited read. */
export async function getRecord(actor: SessionUser, residentId: string, action: 'view' | 'export' = 'view') {
  const r = await residentForReader(actor, residentId);
  const userId = r.user ? String(r.user) : null;
  const [household, entries, sessions, progress, certificates, attachments] = await Promise.all([
    householdOf(r),
    repo.entriesOfResident(r._id, 500),
    listSessionsOfResident(String(r._id)),
    userId ? getProgress(userId) : Promise.resolve({ skills: {}, exercises: {} }),
    userId ? listCertificatesForUser(userId) : Promise.resolve([]),
    // Residents read their record without the scanned documents, which staff keep.
    actor.role === 'leader' ? listAttachments(String(r._id)) : Promise.resolve([]),
  ]);
  const entryViews = entries.map(toEntry);
  const timeline = buildTimeline(entryViews, sessions, r.notice, (id) => catalogue().moduleById.get(id)?.title ?? id);
  await audit(actor, `resident.${action}`, subject(r._id));
  return {
    resident: {
      ...identityOf(r),
      notice: r.notice?.givenAt ? { givenAt: r.notice.givenAt, givenByName: r.notice.givenByName ?? '' } : null,
      lastContactAt: r.lastContactAt ?? null,
      followUp: Boolean(r.followUp),
      hasAccount: Boolean(userId),
      userId,
      anonymisedAt: r.anonymisedAt ?? null,
      createdAt: r.createdAt,
    },
    household,
    entries: entryViews,
    timeline,
    sessions,
    skills: skillsOf(progress),
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
