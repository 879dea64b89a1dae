/**
 * `npm run retention`: the personal-data retention rule, by hand. Anonymises every
 * resident with no contact (support entry, workshop) for two years. The app also runs
 * it at start and then periodically (src/platform/maintenance.ts). Safe to repeat.
 */
import { useAppScope } from './app-scope.js';
import { runRetention } from '../src/features/record/index.js';
import { progress } from './progress.js';
import { withDatabase } from './with-database.js';

await withDatabase(async ({ config }) => {
  // An erasure revokes certificates: the statistics' counters and the sessions' summaries hear of it, as in the app.
  await useAppScope(config);
  const run = progress('conservation / retention');
  const count = await runRetention(new Date(), run.step);
  run.done();
  process.stdout.write(
    count === 0
      ? 'Conservation : aucun dossier à anonymiser. / Retention: no record to anonymise.\n'
      : `Conservation : ${count} dossier(s) anonymisé(s), sans contact depuis 2 ans. / Retention: ${count} record(s) anonymised.\n`,
  );
});
