/**
 * `npm run seed:demo`: demo accounts and data to try every feature by hand.
 * Running it twice changes nothing. Refused in production.
 * Each feature adds its step to DEMO_STEPS.
 */
import { DEMO_SITE, seedDemoAccounts } from '../src/features/accounts/accounts.demo.js';
import { seedDemoBuildings, seedDemoOrganisation, seedDemoPlaces } from '../src/features/sites/sites.demo.js';
import { DEMO_SITE_2, seedDemoResidents } from '../src/features/residents/residents.demo.js';
import { seedDemoSessions } from '../src/features/sessions/sessions.demo.js';
import { seedDemoSessionToday } from '../src/features/session-codes/session-codes.demo.js';
import { seedDemoSelfAssessments } from '../src/features/self-assessment/self-assessment.demo.js';
import { seedDemoProgress } from '../src/features/workshops/workshops.demo.js';
import { seedDemoValidations } from '../src/features/validation/validation.demo.js';
import { checkDemoStatistics, seedDemoStatistics } from '../src/features/statistics/statistics.demo.js';
import { seedDemoCertificates } from '../src/features/certificates/certificates.demo.js';
import { useAppScope } from './app-scope.js';
import { progress } from './progress.js';
import { withDatabase } from './with-database.js';

const DEMO_STEPS: { name: string; run: () => Promise<{ created: string[] }> }[] = [
  { name: 'comptes / accounts', run: seedDemoAccounts },
  // Before the certificate: a certificate keeps the organisation it was issued by.
  { name: 'organisation de l’espace / the space’s organisation', run: () => seedDemoOrganisation(DEMO_SITE) },
  // Before the records: their buildings are chosen from this list.
  { name: 'bâtiments de l’espace / the space’s buildings', run: () => seedDemoBuildings(DEMO_SITE) },
  { name: 'dossiers des résidents / resident records', run: seedDemoResidents },
  { name: 'lieux en données ouvertes / places as open data', run: () => seedDemoPlaces([DEMO_SITE, DEMO_SITE_2]) },
  { name: 'séances d’atelier / workshop sessions', run: seedDemoSessions },
  { name: 'séance du jour, codes de l’atelier / today’s session, workshop codes', run: seedDemoSessionToday },
  { name: 'avant et après l’atelier / before and after the workshop', run: seedDemoSelfAssessments },
  { name: 'progression / progress', run: seedDemoProgress },
  { name: 'validations', run: seedDemoValidations },
  { name: 'attestation / certificate', run: seedDemoCertificates },
  { name: 'une année d’activité / a year of activity', run: yearOfActivity },
  { name: 'compteurs des statistiques / statistics counters', run: checkDemoStatistics },
];

/** The longest step (hundreds of writes through the services): a progress line every few seconds. */
async function yearOfActivity(): Promise<{ created: string[] }> {
  const run = progress('une année d’activité / a year of activity');
  const result = await seedDemoStatistics(run.step);
  run.done();
  return result;
}

await withDatabase(async ({ config }) => {
  if (config.NODE_ENV === 'production') {
    process.stderr.write('Refusé : pas de données de démonstration en production (NODE_ENV=production).\n');
    process.exitCode = 1;
    return;
  }
  // The services below run as the app's requests do: its catalogue, its statistics' counters.
  await useAppScope(config);
  for (const step of DEMO_STEPS) {
    const { created } = await step.run();
    process.stdout.write(`${step.name} : ${created.length ? `créés ${created.join(', ')}` : 'déjà là, rien à faire'}\n`);
  }
  process.stdout.write('Démo prête. Mot de passe de tous les comptes : demo-kerourien-2026\n');
});
