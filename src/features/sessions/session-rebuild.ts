/**
 * What the sessions feature keeps beside its sessions, made again from them (`npm run
 * stats:rebuild`): each session's week key, and each workshop's regulars at each site.
 * Reads every session, site by site: a command, never a page.
 */
import mongoose from 'mongoose';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { regularsId, regularsOfSessions, type Regular } from './regulars-rules.js';
import { weekOf } from './session.service.js';
import * as repo from './workshop-session.repository.js';
import type { RebuildReport } from '../../platform/rebuild-report.js';

const same = (a: readonly Regular[], b: readonly Regular[]) =>
  a.length === b.length && a.every((r, i) => r.resident === b[i]!.resident && r.last.getTime() === b[i]!.last.getTime());

export async function rebuildSessionKeys(opts: { dryRun?: boolean; step?: () => Promise<void> } = {}): Promise<RebuildReport> {
  const report: RebuildReport = { checked: 0, differences: [], written: 0 };
  for (const site of await repo.sitesOfSessions()) {
    const byModule = new Map<string, { date: Date; attendees: string[] }[]>();
    for await (const s of repo.sessionsOfSiteCursor(site)) {
      await opts.step?.();
      report.checked++;
      const week = weekOf(s.date);
      if (s.week !== week) {
        report.differences.push(`séance ${String(s._id)} : semaine ${s.week ?? '—'} → ${week}`);
        if (!opts.dryRun) {
          await withDocumentLock(documentKey('workshop_sessions', s._id), () => repo.setWeek(s._id, week));
          report.written++;
        }
      }
      const list = byModule.get(s.moduleId) ?? [];
      list.push({ date: s.date, attendees: (s.attendees ?? []).map(String) });
      byModule.set(s.moduleId, list);
    }
    const stored = new Map((await repo.regularsOfSite(site)).map((d) => [d._id, d]));
    for (const [moduleId, sessions] of byModule) {
      report.checked++;
      const id = regularsId(String(site), moduleId);
      const want = regularsOfSessions(sessions);
      const have = (stored.get(id)?.residents ?? []).map((r) => ({ resident: String(r.resident), last: r.last }));
      if (same(want, have)) continue;
      report.differences.push(`habitués ${id} : ${have.length} → ${want.length}`);
      if (opts.dryRun) continue;
      await withDocumentLock(documentKey('workshop_regulars', id), () =>
        repo.saveRegulars({
          _id: id,
          site,
          moduleId,
          residents: want.map((r) => ({ resident: new mongoose.Types.ObjectId(r.resident), last: r.last })),
        }),
      );
      report.written++;
    }
  }
  return report;
}
