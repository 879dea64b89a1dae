/**
 * The demo data (`npm run seed:demo`, a year of activity included) through the
 * statistics: the counters equal a rebuild, and the CSV files carry no name, phone,
 * e-mail or flat of any demo resident.
 */
import { expect } from 'chai';
import { seedDemoAccounts } from '../../src/features/accounts/accounts.demo.js';
import { Household } from '../../src/features/residents/household.model.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { seedDemoResidents } from '../../src/features/residents/residents.demo.js';
import { seedDemoSessions } from '../../src/features/sessions/sessions.demo.js';
import { checkDemoStatistics, seedDemoStatistics } from '../../src/features/statistics/statistics.demo.js';
import { rebuildStatistics } from '../../src/features/statistics/stats-rebuild.service.js';
import { seedDemoValidations } from '../../src/features/validation/validation.demo.js';
import { seedDemoProgress } from '../../src/features/workshops/workshops.demo.js';
import { loggedIn } from '../helpers/http.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

const DEMO_PASSWORD = 'demo-kerourien-2026';
const YEAR = new Date().getUTCFullYear();
/** Last year and this one: the demo's year of activity, whatever today's date. */
const SPAN = `${YEAR - 1}-01&au=${YEAR + 1}-12`;

/** Cells of a `;` CSV (no quoted `;` in these files' personal columns). */
const cells = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split(';'));

describe('statistics: the demo data, anonymous in every export (real database)', function () {
  this.timeout(600_000);

  before(async () => {
    await getApp();
    await clearDatabase();
    for (const step of [
      seedDemoAccounts,
      seedDemoResidents,
      seedDemoSessions,
      seedDemoProgress,
      seedDemoValidations,
      seedDemoStatistics,
    ])
      await step();
  });

  it('keeps counters equal to a rebuild, and a second run of the demo changes nothing', async () => {
    expect(await checkDemoStatistics()).to.deep.equal({ created: [] });
    expect(await seedDemoStatistics()).to.deep.equal({ created: [] });
    const report = await rebuildStatistics({ dryRun: true });
    expect([...report.counters.differences, ...report.facts.differences]).to.deep.equal([]);
  });

  it('exports no name, phone, e-mail or flat of the demo residents', async () => {
    const residents = await Resident.find({}, { firstName: 1, lastName: 1, phone: 1, email: 1 }).lean();
    const households = await Household.find({}, { dwelling: 1 }).lean();
    expect(residents.length).to.be.greaterThan(50);
    const words = [
      ...new Set(residents.flatMap((r) => [r.firstName, r.lastName ?? '', r.phone ?? '', r.email ?? '']).filter(Boolean)),
    ];
    const flats = new Set(households.map((h) => h.dwelling?.flat ?? '').filter(Boolean));
    const coord = await loggedIn('coord.demo', DEMO_PASSWORD);
    const leader = await loggedIn('anim.demo', DEMO_PASSWORD);
    const files = [
      await coord.get(`/statistiques/accompagnements.csv?periode=perso&du=${SPAN}`).expect(200),
      await coord.get('/statistiques/chiffres.csv').expect(200),
      await leader.get(`/statistiques/accompagnements.csv?periode=perso&du=${SPAN}`).expect(200),
      await leader.get('/statistiques/chiffres.csv').expect(200),
    ];
    const activity = cells(files[0]!.text);
    expect(activity.length, 'a year of entries').to.be.greaterThan(200);
    for (const file of files) {
      const text = file.text;
      for (const w of words)
        expect(new RegExp(`(^|[^\\p{L}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text), w).to.equal(
          false,
        );
    }
    // The flat column does not exist; the building column holds buildings, never a flat.
    const header = activity[0]!;
    const building = header.indexOf('Bâtiment');
    expect(header.join(' ')).to.not.match(/appartement|logement|nom|téléphone|courriel/i);
    for (const row of activity.slice(1)) expect(flats.has(row[building]!), row.join(';')).to.equal(false);
    expect(new Set(activity.slice(1).map((r) => r[building]))).to.include('Autres bâtiments');
  });
});
