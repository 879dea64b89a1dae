/**
 * No formula in any export (HTTP, real engine): a leader types a building, a coordinator
 * names a site, as a spreadsheet formula; both statistics CSV files carry them as text.
 */
import { expect } from 'chai';
import { listSites } from '../../src/features/sites/index.js';
import { looksLikeFormula } from '../../src/platform/spreadsheet-cells.js';
import { loggedIn, makeUser } from '../helpers/http.js';
import { createResident, giveNotice, postEntry } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

const BUILDING = '-1+HYPERLINK("http://x";"y")';
const SITE = '=HYPERLINK("http://evil.example";"Espace")';

/** The cells of a French CSV file (`;`, quotes doubled), as a spreadsheet reads them. */
function cellsOf(csv: string): string[] {
  const cells: string[] = [];
  for (const line of csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean)) {
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^;]*)(?:;|$)/g)) {
      const raw = m[1]!;
      cells.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    }
  }
  return cells.filter((c) => c !== '');
}

describe('exports never carry a formula (HTTP, real engine)', function () {
  this.timeout(120_000);

  it('writes a building typed as a formula, and a site named as one, as text in both statistics CSV files', async () => {
    await clearDatabase();
    await makeUser('anim.formule', 'leader', SITE);
    await makeUser('coord.formule', 'coordinator');
    const leader = await loggedIn('anim.formule');
    // Five households in that building: enough to be shown by name.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        await createResident(leader, { firstName: `Voisin${i}`, lastName: 'Formule', building: BUILDING, flat: String(i + 1) }),
      );
    await giveNotice(leader, ids[0]!);
    await postEntry(leader, ids[0]!, 'installation', { date: '2026-01-10', durationMinutes: '60' }, 303);
    const site = (await listSites()).find((s) => s.name === SITE)!.id;

    const coord = await loggedIn('coord.formule');
    const activity = await coord.get('/statistiques/accompagnements.csv?periode=2026').expect(200);
    const figures = await coord.get(`/statistiques/chiffres.csv?periode=2026&site=${site}`).expect(200);
    for (const [name, file] of [
      ['accompagnements.csv', activity.text],
      ['chiffres.csv', figures.text],
    ] as const) {
      const cells = cellsOf(file);
      expect(cells.length, name).to.be.greaterThan(10);
      expect(cells.filter(looksLikeFormula), name).to.deep.equal([]);
      // The site's name, as text.
      expect(cells, name).to.include(`'${SITE}`);
    }
    // The building, as text (buildings are shown in capitals).
    const building = `'${BUILDING.toUpperCase()}`;
    expect(cellsOf(activity.text)).to.include(building);
    expect(cellsOf(figures.text)).to.include(building);
    expect(activity.text).to.include(`"'-1+HYPERLINK(""HTTP://X"";""Y"")"`);
    // Numbers stay as they are.
    expect(activity.text).to.match(/;60;1,00;/);
  });
});
