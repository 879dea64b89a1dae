/**
 * Workshop sessions' summaries (session-summary.model.ts): kept at write time, read by
 * `_id`. An attendance makes its session's summary again (the sessions feature tells the
 * activity log, whose listener is here); a validation or a withdrawal (validation
 * service) and a certificate issued or revoked (the activity log again) change the
 * learner's row in each session they attended. Every write of a summary holds its lock;
 * `rebuildSessionSummaries` (npm run stats:rebuild) makes them all again and reports
 * differences.
 */
import mongoose from 'mongoose';
import { requireLeader, type SessionUser } from '../accounts/index.js';
import { getProgressOf, type ProgressData } from '../progress/index.js';
import { findResidentOfUser, residentRefsByIds } from '../residents/index.js';
import {
  everySessionFacts,
  listSessionsOfResident,
  sessionFacts,
  SESSION_ACTIVITY,
  type SessionActivity,
  type SessionFacts,
} from '../sessions/index.js';
import { catalogue } from '../workshops/index.js';
import type { Activity } from '../../platform/activity.js';
import { appScoped } from '../../platform/app-scope.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { idOrNull } from '../../platform/ids.js';
import type { CertificatePort, CertificateStatusView } from './certificate-port.js';
import {
  sortedRows,
  summaryDifferences,
  summaryRow,
  summaryTotals,
  weekDifference,
  type SummaryRow,
} from './session-summary-rules.js';
import * as repo from './validation.repository.js';
import type { RebuildReport } from '../../platform/rebuild-report.js';

/** The certificate rules the summaries read (createApp binds the certificate feature's). */
export const summaryCertificates = appScoped<Pick<CertificatePort, 'statusesOf'>>('session summaries: certificates');

/** The activity type of a certificate's new state (certificates/certificate.activity.ts; certificates sit above validation). */
const CERTIFICATE_ACTIVITY = 'certificate';

const oid = (id: string) => new mongoose.Types.ObjectId(id);
const summaryKey = (id: string) => documentKey('session_summaries', id);
const moduleSkills = (moduleId: string) => (catalogue().moduleById.get(moduleId)?.skills ?? []).map((s) => s.id);

/** The rows of several attendees of one module's session, from their progress and certificates. */
async function rowsFor(attendees: { resident: string; user: string | null }[], moduleId: string): Promise<SummaryRow[]> {
  const users = attendees.flatMap((a) => (a.user ? [a.user] : []));
  const progress = users.length ? await getProgressOf(users) : new Map<string, ProgressData>();
  const statuses = users.length
    ? await summaryCertificates.get().statusesOf(progress, new Date())
    : new Map<string, CertificateStatusView[]>();
  const skills = moduleSkills(moduleId);
  return sortedRows(
    attendees.map((a) => {
      const p = a.user ? progress.get(a.user) : undefined;
      const validated = new Set(Object.entries(p?.skills ?? {}).flatMap(([id, v]) => (v?.validation ? [id] : [])));
      const status = a.user ? statuses.get(a.user)?.find((s) => s.ref === moduleId) : undefined;
      return summaryRow(a, skills, validated, status);
    }),
  );
}

async function wantedRows(s: SessionFacts): Promise<SummaryRow[]> {
  const refs = await residentRefsByIds(s.attendees);
  const users = new Map(refs.map((r) => [r.id, r.userId]));
  return rowsFor(
    s.attendees.map((resident) => ({ resident, user: users.get(resident) ?? null })),
    s.moduleId,
  );
}

const toDoc = (s: Pick<SessionFacts, 'site' | 'moduleId' | 'week'>, rows: SummaryRow[]) => ({
  site: oid(s.site),
  moduleId: s.moduleId,
  week: s.week,
  rows: rows.map((r) => ({ resident: oid(r.resident), user: r.user ? oid(r.user) : null, pending: r.pending, ready: r.ready })),
  ...summaryTotals(rows),
});

const fromDoc = (d: repo.SessionSummaryDoc): SummaryRow[] =>
  (d.rows ?? []).map((r) => ({
    resident: String(r.resident),
    user: r.user ? String(r.user) : null,
    pending: r.pending,
    ready: r.ready,
  }));

/** A session's summary made again from its attendees (after an attendance). */
async function refreshSession(id: string): Promise<void> {
  await withDocumentLock(summaryKey(id), async () => {
    const s = await sessionFacts(id);
    if (!s) return;
    await repo.saveSummary(oid(id), toDoc(s, await wantedRows(s)));
  });
}

/**
 * A learner's row in each session they attended, after a validation, a withdrawal or a
 * certificate: their progress and certificates read once, each summary written under its lock.
 */
export async function refreshSummariesOfUser(userId: string): Promise<void> {
  if (!idOrNull(userId)) return;
  const resident = await findResidentOfUser(userId);
  if (!resident) return;
  const sessions = await listSessionsOfResident(resident.id);
  const byModule = new Map<string, SummaryRow>();
  for (const moduleId of new Set(sessions.map((s) => s.moduleId))) {
    byModule.set(moduleId, (await rowsFor([{ resident: resident.id, user: userId }], moduleId))[0]!);
  }
  for (const s of sessions) {
    await withDocumentLock(summaryKey(s.id), async () => {
      const doc = await repo.findSummary(oid(s.id));
      const rows = doc ? fromDoc(doc) : null;
      if (!rows?.some((r) => r.resident === resident.id)) {
        // No summary yet (data older than summaries), or one that misses them: made whole.
        const facts = await sessionFacts(s.id);
        if (facts) await repo.saveSummary(oid(s.id), toDoc(facts, await wantedRows(facts)));
        return;
      }
      const mine = byModule.get(s.moduleId)!;
      const next = sortedRows(rows.map((r) => (r.resident === resident.id ? mine : r)));
      await repo.saveSummary(oid(s.id), toDoc({ site: s.siteId, moduleId: s.moduleId, week: s.week }, next));
    });
  }
}

/** The activity log's listener: an attendance, a certificate's new state. */
export async function keepSessionSummaries(a: Activity): Promise<void> {
  if (a.type === SESSION_ACTIVITY) {
    const data = a.data as Partial<SessionActivity>;
    if (data.moduleId) await refreshSession(a.subject);
  } else if (a.type === CERTIFICATE_ACTIVITY && typeof a.data.user === 'string') {
    await refreshSummariesOfUser(a.data.user);
  }
}

/**
 * The summaries of the leader's site's sessions of some weeks (their Mondays), by session
 * id: one indexed read a week (the leader's home), whatever the site's size.
 */
export async function sessionSummariesOfWeeks(
  actor: SessionUser,
  weeks: string[],
): Promise<Map<string, { pendingSkills: number; readyCertificates: number }>> {
  const site = oid(requireLeader(actor));
  const docs = (await Promise.all(weeks.map((w) => repo.summariesOfWeek(site, w)))).flat();
  return new Map(
    docs.map((d) => [String(d._id), { pendingSkills: d.pendingSkills, readyCertificates: d.readyCertificates }] as const),
  );
}

/** Every session's summary made again; with `dryRun`, only the differences. */
export async function rebuildSessionSummaries(
  opts: { dryRun?: boolean; step?: () => Promise<void>; onProgress?: (done: number) => void } = {},
): Promise<RebuildReport> {
  const report: RebuildReport = { checked: 0, differences: [], written: 0 };
  for await (const s of everySessionFacts()) {
    await opts.step?.();
    await withDocumentLock(summaryKey(s.id), async () => {
      const want = await wantedRows(s);
      const have = await repo.findSummary(oid(s.id));
      const differences = [...summaryDifferences(s.id, have ? fromDoc(have) : null, want), ...weekDifference(s.id, have, s.week)];
      report.checked++;
      if (differences.length === 0) return;
      report.differences.push(...differences);
      if (opts.dryRun) return;
      await repo.saveSummary(oid(s.id), toDoc(s, want));
      report.written++;
    });
    if (report.checked % 100 === 0) opts.onProgress?.(report.checked);
  }
  return report;
}

/**
 * Summaries written before their week key (the start-up migration): each session's
 * summary read by `_id` and, when its week is missing, given its session's, under its
 * lock. No progress read: cheaper than a rebuild. Returns how many were written.
 */
export async function addSummaryWeeks(step?: () => Promise<void>): Promise<number> {
  let written = 0;
  for await (const s of everySessionFacts()) {
    await step?.();
    await withDocumentLock(summaryKey(s.id), async () => {
      const have = await repo.findSummary(oid(s.id));
      if (weekDifference(s.id, have, s.week).length === 0) return;
      await repo.setSummaryWeek(oid(s.id), s.week);
      written++;
    });
  }
  return written;
}
