/**
 * The sessions' derived documents made again (`npm run stats:rebuild`, `seed:scale`):
 * each session's week key and each workshop's regulars, then each session's summary.
 * Run in an app scope (the catalogue, the certificate rules). Without `check`, the
 * start-up migrations that make the same documents are marked done.
 */
import { rebuildSessionKeys } from '../src/features/sessions/index.js';
import { rebuildSessionSummaries } from '../src/features/validation/index.js';
import { SESSION_MIGRATIONS } from '../src/jobs.js';
import { markMigrationDone } from '../src/platform/migrations.js';
import { out, outDifferences } from './progress.js';

export async function rebuildSessionDocuments(check: boolean): Promise<{ differences: number; written: number }> {
  const keys = await rebuildSessionKeys({ dryRun: check });
  const summaries = await rebuildSessionSummaries({
    dryRun: check,
    onProgress: (done) => out(`  résumés des séances / session summaries : ${done}`),
  });
  for (const [name, part] of [
    ['semaines et habitués / weeks and regulars', keys],
    ['résumés des séances / session summaries', summaries],
  ] as const) {
    out(`${name} : ${part.checked} vérifiés / checked, ${part.differences.length} différence(s)`);
    outDifferences(part.differences);
  }
  if (!check) {
    for (const name of SESSION_MIGRATIONS) await markMigrationDone(name, keys.written + summaries.written);
  }
  return { differences: keys.differences.length + summaries.differences.length, written: keys.written + summaries.written };
}
