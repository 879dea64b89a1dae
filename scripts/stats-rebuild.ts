/**
 * `npm run stats:rebuild [-- --check]`: recomputes the statistics' counters from the
 * activity log (support entries, sessions, validations, certificates, households),
 * prints every difference with the stored counters, and writes the right values; then
 * the sessions' week keys, workshops' regulars and session summaries (the leader's home
 * and the attendance picker), from the sessions, progress and certificates; the
 * certificates' places in the staff list with each site's month counters; and the
 * lists' parts by name (the residents and the accounts lists); the learners' progress
 * overviews, from their progress.
 * With `--check`, it writes no counter and exits with 1 when something differs.
 * Data written before the activity log is recorded in it first (the backfill the app
 * runs at start; done once). It reads whole collections: run it at a quiet moment (it
 * works with the app running).
 */
import { rebuildCertificateListPlaces } from '../src/features/certificates/index.js';
import { progressOverviewMigration, rebuildProgressOverviews } from '../src/features/progress/index.js';
import { rebuildStatistics } from '../src/features/statistics/index.js';
import { ACTIVITY_BACKFILLS } from '../src/jobs.js';
import { runActivityBackfills } from '../src/platform/activity-backfill.js';
import { markMigrationDone } from '../src/platform/migrations.js';
import { useAppScope } from './app-scope.js';
import { out, outDifferences, progress } from './progress.js';
import { rebuildListParts } from './name-parts-rebuild.js';
import { rebuildSessionDocuments } from './session-rebuild.js';
import { withDatabase } from './with-database.js';

const check = process.argv.includes('--check');
await withDatabase(async ({ config }) => {
  const started = Date.now();
  // The session summaries read the catalogue and the certificate rules, as the app's requests do.
  await useAppScope(config);
  const backfill = progress('journal d’activité, données d’avant / activity log, older data');
  await runActivityBackfills(ACTIVITY_BACKFILLS, backfill);
  backfill.done();
  const report = await rebuildStatistics({
    dryRun: check,
    onSite: (done, total) => out(`  statistiques / statistics : espace / site ${done}/${total}`),
  });
  for (const [name, part] of [
    ['compteurs / counters', report.counters],
    ['faits / facts', report.facts],
  ] as const) {
    out(`${name} : ${part.checked} vérifiés / checked, ${part.differences.length} différence(s)`);
    outDifferences(part.differences);
  }
  const sessions = await rebuildSessionDocuments(check);
  const places = await rebuildCertificateListPlaces({ dryRun: check });
  out(
    `places des attestations / certificates' list places : ${places.checked} vérifiées / checked, ${places.differences.length} différence(s)`,
  );
  outDifferences(places.differences);
  const lists = await rebuildListParts(check);
  const overviews = await rebuildProgressOverviews({
    dryRun: check,
    onProgress: (done) => out(`  résumés de progression / progress overviews : ${done}`),
  });
  out(
    `résumés de progression / progress overviews : ${overviews.checked} vérifiés / checked, ${overviews.differences.length} différence(s)`,
  );
  outDifferences(overviews.differences);
  if (!check) await markMigrationDone(progressOverviewMigration.name, overviews.written);
  const differ =
    report.counters.differences.length +
      report.facts.differences.length +
      sessions.differences +
      places.differences.length +
      lists.differences +
      overviews.differences.length >
    0;
  if (check) {
    out(differ ? 'Vérification seulement : rien n’est écrit. / Check only: nothing written.' : 'Tout est juste. / All correct.');
    if (differ) process.exitCode = 1;
  } else {
    out(
      `${report.written + sessions.written + places.written + lists.written + overviews.written} document(s) corrigé(s) / corrected, en ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }
});
