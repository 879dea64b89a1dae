/**
 * The certificates' places in the staff list (certificate-list-keys.ts): taken at each
 * issue from the site's month counter, given by a start-up migration to the
 * certificates written before, checked and repaired by `npm run stats:rebuild`.
 */
import type mongoose from 'mongoose';
import { directContext, WRITE_BATCH, type JobContext } from '../../platform/background.js';
import { monthInBrest } from '../../platform/day.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { inBatches, type Migration } from '../../platform/migrations.js';
import { listBucketOf, listCounterId, listSlot } from './certificate-list-keys.js';
import * as repo from './certificate.repository.js';
import type { RebuildReport } from '../../platform/rebuild-report.js';

type Id = mongoose.Types.ObjectId;

const counterLock = (site: Id, month: string) => documentKey('certificate_list_counters', listCounterId(String(site), month));

/** Takes `count` places of a site's month under its lock; answers the first one's number. */
async function takePlaces(site: Id, month: string, count: number): Promise<number> {
  const taken = await withDocumentLock(counterLock(site, month), () => repo.takeListPlaces(site, month, count));
  return taken - count;
}

/** The next place of a site's month, for a certificate issued at `issuedAt` (none without a site: in no list). */
export async function takeListSlot(site: Id | undefined, issuedAt: Date): Promise<{ listSeq?: number; listBucket?: string }> {
  if (!site) return {};
  const month = monthInBrest(issuedAt);
  return listSlot(month, await takePlaces(site, month, 1));
}

type Unplaced = { _id: Id; site: Id; issuedAt: Date };
const groupKey = (c: Unplaced) => `${String(c.site)}:${monthInBrest(c.issuedAt)}`;

/** Places for certificates without one, oldest first within each site's month; WRITE_BATCH writes a step. */
async function placeUnplaced(ctx: JobContext): Promise<number> {
  const rows = (await repo.certificatesWithoutListSlot())
    .filter((c): c is Unplaced => Boolean(c.site))
    .sort((a, b) => groupKey(a).localeCompare(groupKey(b)) || a.issuedAt.getTime() - b.issuedAt.getTime());
  await ctx.step();
  await inBatches(rows, WRITE_BATCH, ctx, async (batch) => {
    const groups = new Map<string, Unplaced[]>();
    for (const c of batch) groups.set(groupKey(c), [...(groups.get(groupKey(c)) ?? []), c]);
    const writes = [];
    for (const group of groups.values()) {
      const month = monthInBrest(group[0]!.issuedAt);
      // A stop between the counter and the writes leaves unused places: a page of fewer rows, never two at one place.
      const first = await takePlaces(group[0]!.site, month, group.length);
      writes.push(...group.map((c, i) => ({ id: c._id, slot: listSlot(month, first + i) })));
    }
    await repo.writeListSlots(writes);
  });
  return rows.length;
}

/**
 * Certificates written before their place in the list get one (a start-up migration,
 * resumable: those still without are found again). A certificate issued while it runs
 * takes its place first, so it may show after older ones of its month.
 */
export const certificateListSlotsMigration: Migration = {
  name: 'certificate-list-slots',
  run: (ctx: JobContext) => placeUnplaced(ctx),
};

/**
 * `npm run stats:rebuild`: every certificate has a place whose bucket is its month's, and
 * every month's counter is past its last place (a counter beyond it is right: places of
 * certificates erased, or of an issue that found its certificate there already).
 */
export async function rebuildCertificateListPlaces(opts: { dryRun?: boolean } = {}): Promise<RebuildReport> {
  const report: RebuildReport = { checked: 0, differences: [], written: 0 };
  for (const site of await repo.sitesOfCertificates()) {
    const last = new Map<string, number>();
    for await (const c of repo.certificatesOfSiteCursor(site)) {
      report.checked++;
      const month = monthInBrest(c.issuedAt);
      if (c.listSeq === undefined) {
        report.differences.push(`attestation ${String(c._id)} : sans place dans la liste`);
        continue;
      }
      if (c.listBucket !== listBucketOf(month, c.listSeq)) {
        report.differences.push(`attestation ${String(c._id)} : page ${c.listBucket ?? '—'} → ${listBucketOf(month, c.listSeq)}`);
        if (!opts.dryRun) {
          await repo.writeListSlots([{ id: c._id, slot: listSlot(month, c.listSeq) }]);
          report.written++;
        }
      }
      last.set(month, Math.max(last.get(month) ?? 0, c.listSeq + 1));
    }
    for (const [month, want] of last) {
      report.checked++;
      const have = await repo.listPlacesTaken(listCounterId(String(site), month));
      if (have >= want) continue;
      report.differences.push(`compteur ${listCounterId(String(site), month)} : ${have} → ${want}`);
      if (opts.dryRun) continue;
      await withDocumentLock(counterLock(site, month), async () => {
        if ((await repo.listPlacesTaken(listCounterId(String(site), month))) < want) await repo.setListPlaces(site, month, want);
      });
      report.written++;
    }
  }
  if (!opts.dryRun) report.written += await placeUnplaced(directContext);
  return report;
}
