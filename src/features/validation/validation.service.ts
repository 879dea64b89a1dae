/**
 * Leaders validate skills they saw a resident do: one skill at a time on the
 * resident's page, or several residents at once on a workshop session's grid.
 * Each action writes the history (append-only) and then the current validation in
 * the resident's progress document: one write each, no transaction needed.
 */
import mongoose from 'mongoose';
import { learnerForStaff, listManagedAccounts, requireLeader, type SessionUser } from '../accounts/index.js';
import type { CertificatePort, CertificateStatusView } from './certificate-port.js';
import {
  getProgress,
  getProgressOf,
  clearValidationComments,
  removeValidation,
  setValidation,
  summarizeModule,
  type ModuleSummary,
  type ValidationLevel,
  type ValidationMethod,
  VALIDATION_LEVELS,
  withProgressLock,
} from '../progress/index.js';
import { findResidentOfUser } from '../residents/index.js';
import { getSessionAttendees } from '../sessions/index.js';
import { catalogue } from '../workshops/index.js';
import { recordActivity } from '../../platform/activity.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import type { Letter } from '../../platform/name-keys.js';
import type { LetterPlace, Page } from '../../platform/paging.js';
import { validationActivity } from './validation.activity.js';
import { refreshSummariesOfUser } from './session-summary.service.js';
import * as repo from './validation.repository.js';
import {
  certificateProgress,
  dayInBrest,
  gridLevels,
  isLowScore,
  observationDate,
  type CertificateProgress,
} from './validation-rules.js';

export interface ValidationInput {
  method: ValidationMethod;
  level: ValidationLevel;
  /** YYYY-MM-DD */
  day: string;
  comment: string;
}

export interface HistoryRow {
  skillId: string;
  skillTitle: string;
  kind: 'validation' | 'retrait';
  byName: string;
  at: Date;
  date?: Date;
  method?: string;
  level?: string;
  comment?: string;
  reason?: string;
}

const oid = (id: string) => new mongoose.Types.ObjectId(id);

function skillOrRefuse(skillId: string) {
  const skill = catalogue().skillById.get(skillId);
  if (!skill) throw new BadInput('validation.errors.unknownSkill');
  return skill;
}

function dateOrRefuse(day: string, now: Date): Date {
  const date = observationDate(day, now);
  if (!date) throw new BadInput('validation.errors.date');
  return date;
}

async function history(userId: string, limit = 200): Promise<HistoryRow[]> {
  const rows = await repo.historyOfUser(oid(userId), limit);
  const skills = catalogue().skillById;
  return rows.map((r) => ({
    skillId: r.skill,
    skillTitle: skills.get(r.skill)?.title ?? r.skill,
    kind: r.kind,
    byName: r.byName,
    at: r.at,
    date: r.date,
    method: r.method,
    level: r.level,
    comment: r.comment,
    reason: r.reason,
  }));
}

/**
 * The leader's entry point: the residents of their site who have an account, one letter
 * at a time (the first with someone when none is asked), one page of it.
 */
export async function residentsToValidate(
  actor: SessionUser,
  query: { page: number; letter?: Letter },
): Promise<Page<{ id: string; displayName: string }> & LetterPlace> {
  requireLeader(actor);
  const list = await listManagedAccounts(actor, query);
  return { ...list, rows: list.rows.map((a) => ({ id: a.id, displayName: a.displayName })) };
}

export interface ModuleLine {
  id: string;
  title: string;
  progress: CertificateProgress;
}

export interface ResidentSkillsPage {
  resident: { id: string; displayName: string; recordId: string | null };
  /** Every module with its progress towards its certificate: the page's jump links. */
  moduleLines: ModuleLine[];
  /** The module shown with its skills and forms (`?module=`), or null for the overview. */
  module: (ModuleSummary & { progress: CertificateProgress; lowScore: string[] }) | null;
  history: HistoryRow[];
  statuses: CertificateStatusView[];
  certificates: { ref: string }[];
  today: string;
}

/**
 * Which module a page shows: the one asked for in the address, or, for a refused form
 * shown again, the module of its skill or certificate. Null: the overview.
 */
export function pageModuleId(asked: { module?: unknown; skill?: unknown; ref?: unknown }): string | null {
  const c = catalogue();
  if (asked.module !== undefined) {
    if (typeof asked.module === 'string' && c.moduleById.has(asked.module)) return asked.module;
    throw new NotFound('validation.errors.unknownModule');
  }
  if (typeof asked.skill === 'string') return c.skillById.get(asked.skill)?.moduleId ?? null;
  if (typeof asked.ref === 'string' && c.moduleById.has(asked.ref)) return asked.ref;
  return null;
}

/**
 * One resident's skills, one module at a time (a page of 60 skills with a form each
 * was too long): the modules with their progress towards the certificate, then the
 * chosen module's skills with self-assessment, best score and validation.
 */
export async function residentSkillsPage(
  actor: SessionUser,
  userId: string,
  now: Date,
  certificates: CertificatePort,
  moduleId: string | null = null,
): Promise<ResidentSkillsPage> {
  const resident = await learnerForStaff(actor, userId);
  const [progress, rows, panel, record] = await Promise.all([
    getProgress(resident.id),
    history(resident.id, 50),
    certificates.panel(actor, resident.id, now),
    findResidentOfUser(resident.id),
  ]);
  const statusOf = (ref: string) => panel.statuses.find((s) => s.kind === 'module' && s.ref === ref);
  const chosen = moduleId ? catalogue().moduleById.get(moduleId) : undefined;
  const summary = chosen ? summarizeModule(chosen, progress) : null;
  const skillsShown = new Set(summary?.skills.map((s) => s.id));
  return {
    resident: { id: resident.id, displayName: resident.displayName, recordId: record?.id ?? null },
    moduleLines: catalogue().modules.map((m) => ({
      id: m.id,
      title: m.title,
      progress: certificateProgress(statusOf(m.id), m.skills.length),
    })),
    module:
      chosen && summary
        ? {
            ...summary,
            progress: certificateProgress(statusOf(chosen.id), chosen.skills.length),
            lowScore: summary.skills.filter((s) => isLowScore(s.bestPercent)).map((s) => s.id),
          }
        : null,
    history: summary ? rows.filter((r) => skillsShown.has(r.skillId)) : rows,
    statuses: summary ? panel.statuses.filter((s) => s.kind === 'module' && s.ref === summary.id) : panel.statuses,
    certificates: summary ? panel.certificates.filter((c) => c.ref === summary.id) : panel.certificates,
    today: dayInBrest(now),
  };
}

async function record(
  actor: SessionUser,
  userId: string,
  skillId: string,
  input: ValidationInput,
  date: Date,
  now: Date,
  sessionId?: string,
): Promise<void> {
  const comment = input.comment.trim() || undefined;
  const event = await repo.insertHistoryLine({
    user: oid(userId),
    skill: skillId,
    kind: 'validation',
    by: oid(actor.id),
    byName: actor.displayName,
    site: actor.siteId ? oid(actor.siteId) : undefined,
    method: input.method,
    level: input.level,
    date,
    comment,
    session: sessionId ? oid(sessionId) : undefined,
    at: now,
  });
  await recordActivity(validationActivity(event));
  await setValidation(
    userId,
    skillId,
    {
      by: oid(actor.id),
      byName: actor.displayName,
      date,
      method: input.method,
      level: input.level,
      ...(comment ? { comment } : {}),
      at: now,
      ...(sessionId ? { session: oid(sessionId) } : {}),
    },
    now,
  );
}

export async function validateSkill(
  actor: SessionUser,
  userId: string,
  skillId: string,
  input: ValidationInput,
  now: Date,
): Promise<{ moduleId: string }> {
  const resident = await learnerForStaff(actor, userId);
  const skill = skillOrRefuse(skillId);
  await record(actor, resident.id, skillId, input, dateOrRefuse(input.day, now), now);
  await refreshSummariesOfUser(resident.id);
  return { moduleId: skill.moduleId };
}

export async function withdrawValidation(
  actor: SessionUser,
  userId: string,
  skillId: string,
  reason: string,
  now: Date,
): Promise<{ moduleId: string }> {
  const resident = await learnerForStaff(actor, userId);
  const skill = skillOrRefuse(skillId);
  // Read, log and remove in one lock: a double submit finds the validation gone.
  await withProgressLock(resident.id, async () => {
    const progress = await getProgress(resident.id);
    // Already withdrawn (a double submit): nothing to do, nothing to log twice.
    if (!progress.skills[skillId]?.validation) return;
    const event = await repo.insertHistoryLine({
      user: oid(resident.id),
      skill: skillId,
      kind: 'retrait',
      by: oid(actor.id),
      byName: actor.displayName,
      site: actor.siteId ? oid(actor.siteId) : undefined,
      reason,
      at: now,
    });
    await recordActivity(validationActivity(event));
    await removeValidation(resident.id, skillId, now);
  });
  await refreshSummariesOfUser(resident.id);
  return { moduleId: skill.moduleId };
}

/** The resident's own history: every validation and withdrawal, who and when. */
export async function myValidationHistory(actor: SessionUser): Promise<HistoryRow[]> {
  if (actor.role !== 'resident') throw new Forbidden();
  return history(actor.id);
}

// ---------- workshop session grid ----------

/**
 * Several validations at once from the grid: `cells` are "<userId>:<skillId>:<level>"
 * (a level per cell; without one, or for a whole row, the form's common level). Every
 * cell is checked before the first write: an attendee of the session with an account, a
 * skill of the session's module, a level of the list.
 */
export async function validateSession(
  actor: SessionUser,
  sessionId: string,
  cells: string[],
  input: ValidationInput,
  now: Date,
  rows: string[] = [],
): Promise<number> {
  requireLeader(actor);
  const { session, attendees } = await getSessionAttendees(actor, sessionId);
  const allowedUsers = new Set(attendees.flatMap((a) => (a.userId ? [a.userId] : [])));
  const moduleSkills =
    catalogue()
      .moduleById.get(session.moduleId)
      ?.skills.map((s) => s.id) ?? [];
  const allowedSkills = new Set(moduleSkills);
  // A whole row: every skill of the module this person has not had validated yet.
  if (rows.some((id) => !allowedUsers.has(id))) throw new BadInput('validation.errors.badCell');
  const progress = await getProgressOf(rows);
  const fromRows = rows.flatMap((userId) =>
    moduleSkills.filter((skill) => !progress.get(userId)?.skills[skill]?.validation).map((skill) => `${userId}:${skill}`),
  );
  const pairs = gridLevels([...fromRows, ...cells], input.level, VALIDATION_LEVELS);
  if (!pairs || pairs.some((p) => !allowedUsers.has(p.userId) || !allowedSkills.has(p.skillId)))
    throw new BadInput('validation.errors.badCell');
  if (pairs.length === 0) throw new BadInput('validation.errors.nothingTicked');
  const date = dateOrRefuse(input.day, now);
  // The account too must belong to a resident of the leader's site.
  await Promise.all([...new Set(pairs.map((p) => p.userId))].map((id) => learnerForStaff(actor, id)));
  for (const { userId, skillId, level } of pairs)
    await record(actor, userId, skillId, { ...input, level }, date, now, session.id);
  for (const userId of new Set(pairs.map((p) => p.userId))) await refreshSummariesOfUser(userId);
  return pairs.length;
}

/**
 * Erasure of a resident: the history keeps who validated what and when (anonymous
 * statistics), but the free texts, which may name the resident, are blanked.
 */
export async function eraseValidationTexts(userId: string, now: Date): Promise<void> {
  await repo.blankTextsOfUser(new mongoose.Types.ObjectId(userId));
  await clearValidationComments(userId, now);
}
