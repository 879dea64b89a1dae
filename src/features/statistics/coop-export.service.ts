/**
 * The XLSX export in La Coop's format: the period's support entries and workshop
 * sessions of the sites in scope, read from the activity log (as the CSV export is), one
 * row per accompaniment (a workshop: one per participant), mapped by coop-export.ts.
 */
import mongoose from 'mongoose';
import type { SessionUser } from '../accounts/index.js';
import { anonymousProfilesOfSite, SUPPORT_ENTRY_ACTIVITY, type SupportEntryActivity } from '../residents/index.js';
import { SESSION_ACTIVITY, type SessionActivity } from '../sessions/index.js';
import { getSiteDetail } from '../sites/index.js';
import { catalogue } from '../workshops/index.js';
import { fromDoc, latestBySubject } from '../../platform/activity.js';
import { activityOfSite } from '../../platform/activity.repository.js';
import { writeXlsx, type XlsxCell } from '../../platform/xlsx.js';
import { COOP_COLUMNS, entryRow, sessionRows, type CoopPlace } from './coop-export.js';
import { monthOf } from './stat-facts.js';
import { fileSuffix, periodOrRefuse, scopeOf, type StatsQuery } from './statistics.service.js';

async function placeOf(siteId: string): Promise<CoopPlace> {
  const site = await getSiteDetail(siteId);
  const p = site?.place;
  return {
    name: site?.name ?? '',
    address: p?.address ?? '',
    commune: p?.commune ?? '',
    postalCode: p?.postalCode ?? '',
    inseeCode: p?.inseeCode ?? '',
  };
}

async function rowsOfSite(siteId: string, inPeriod: (d: Date) => boolean): Promise<{ date: Date; row: XlsxCell[] }[]> {
  const id = new mongoose.Types.ObjectId(siteId);
  const [entries, sessions, { profiles }, place] = await Promise.all([
    activityOfSite(id, SUPPORT_ENTRY_ACTIVITY),
    activityOfSite(id, SESSION_ACTIVITY),
    anonymousProfilesOfSite(siteId),
    placeOf(siteId),
  ]);
  const out: { date: Date; row: XlsxCell[] }[] = [];
  for (const record of entries) {
    const e = record.data as unknown as SupportEntryActivity;
    if (!inPeriod(e.date)) continue;
    const row = entryRow(
      { ...e, id: record.subject, recordedAt: record.at, beneficiary: profiles.get(e.resident), mediator: e.leaderName },
      place,
    );
    out.push({ date: e.date, row });
  }
  // A session is told again at each change of attendance: its latest state counts.
  for (const latest of latestBySubject(sessions.map(fromDoc)).values()) {
    const s = latest.data as unknown as SessionActivity;
    if (!inPeriod(s.date) || s.attendees.length === 0) continue;
    const moduleTitle = s.moduleId ? (catalogue().moduleById.get(s.moduleId)?.title ?? s.moduleId) : '';
    const rows = sessionRows(
      {
        id: latest.subject,
        recordedAt: latest.at,
        date: s.date,
        durationMinutes: s.durationMinutes,
        moduleId: s.moduleId ?? null,
        moduleTitle,
        attendees: s.attendees.map((a) => profiles.get(a)),
        mediator: s.leaderName,
      },
      place,
    );
    out.push(...rows.map((row) => ({ date: s.date, row })));
  }
  return out;
}

export async function coopXlsx(actor: SessionUser, q: StatsQuery, now: Date): Promise<{ filename: string; xlsx: Buffer }> {
  const scope = await scopeOf(actor, q.site);
  const period = periodOrRefuse(q, now);
  const inPeriod = (d: Date) => monthOf(d) >= period.from && monthOf(d) <= period.to;
  const lines = (await Promise.all(scope.sites.map((s) => rowsOfSite(s.id, inPeriod)))).flat();
  lines.sort((a, b) => a.date.getTime() - b.date.getTime());
  return {
    filename: `activites-coop-${fileSuffix(scope, period)}.xlsx`,
    xlsx: writeXlsx('Activités', [[...COOP_COLUMNS], ...lines.map((l) => l.row)]),
  };
}
