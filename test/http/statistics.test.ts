import { expect } from 'chai';
import { clearDatabase } from '../helpers/test-env.js';
import { loggedIn, makeUser } from '../helpers/http.js';
import { createResident, giveNotice, postEntry, SITE_A, SITE_B, twoLeaders } from '../helpers/residents-fixtures.js';
import { listSites } from '../../src/features/sites/index.js';
import { rebuildStatistics } from '../../src/features/statistics/stats-rebuild.service.js';

const YEAR = '2026';

describe('statistics: the page, the role of each actor, the CSV files (HTTP, real database)', function () {
  this.timeout(120_000);
  let siteA = '';
  let siteB = '';

  before(async () => {
    await clearDatabase();
    const { a, b } = await twoLeaders();
    await makeUser('coord', 'coordinator');
    // Site A: 6 households in building C (shown), 1 in building Z (grouped).
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(await createResident(a, { firstName: `Prénom${i}`, lastName: `Nom${i}`, flat: String(10 + i) }));
    ids.push(
      await createResident(a, { firstName: 'Zoé', lastName: 'Seule', building: 'Z', flat: '99', email: 'zoe@example.org' }),
    );
    for (const id of ids.slice(0, 3)) await giveNotice(a, id);
    await postEntry(a, ids[0]!, 'installation', { date: '2026-01-10', durationMinutes: '60' }, 303);
    await postEntry(a, ids[0]!, 'aide', { date: '2026-02-03', durationMinutes: '30' }, 303);
    await postEntry(a, ids[1]!, 'abonnement', { date: '2026-01-12', status: 'actif' }, 303);
    await postEntry(a, ids[2]!, 'abonnement', { date: '2026-02-12', status: 'actif' }, 303);
    // Site B: one household, one entry.
    const yb = await createResident(b, { firstName: 'Yvonne', lastName: 'Le Bihan', flat: '1' });
    await giveNotice(b, yb);
    await postEntry(b, yb, 'ordinateur', { date: '2026-03-01' }, 303);
    const sites = await listSites();
    siteA = sites.find((s) => s.name === SITE_A)!.id;
    siteB = sites.find((s) => s.name === SITE_B)!.id;
  });

  it('shows a coordinator every site, and one site with its buildings', async () => {
    const coord = await loggedIn('coord');
    const all = await coord.get(`/statistiques?periode=${YEAR}`).expect(200);
    expect(all.text).to.include(SITE_A).and.include(SITE_B);
    expect(all.text).to.include('role="img"').and.include('<title id="graphique-connexion-t">');
    const one = await coord.get(`/statistiques?periode=${YEAR}&site=${siteA}`).expect(200);
    // Building C has 6 households, 2 connected; Z has 1: not shown alone.
    expect(one.text).to.match(/<th scope="row">C<\/th>\s*<td[^>]*>6<\/td>\s*<td[^>]*>2<\/td>/);
    expect(one.text).to.not.match(/<th scope="row">Z<\/th>/);
    const home = await coord.get('/').expect(200);
    expect(home.text).to.include('/statistiques').and.include(`Les chiffres de ${YEAR}`);
  });

  it('shows a leader their own site only, and refuses another site', async () => {
    const leader = await loggedIn('anim.a');
    const own = await leader.get(`/statistiques?periode=${YEAR}`).expect(200);
    expect(own.text).to.include(SITE_A).and.not.include(SITE_B);
    expect(own.text).to.not.include('name="site"');
    await leader.get(`/statistiques?site=${siteB}`).expect(403);
    await leader.get(`/statistiques/accompagnements.csv?site=${siteB}`).expect(403);
    await leader.get(`/statistiques/chiffres.csv?site=${siteB}`).expect(403);
    const csv = await leader.get(`/statistiques/accompagnements.csv?periode=${YEAR}`).expect(200);
    expect(csv.text).to.not.include(SITE_B);
    expect(csv.text.split('\r\n').filter(Boolean)).to.have.length(1 + 4);
  });

  it('refuses a period or a site that makes no sense', async () => {
    const coord = await loggedIn('coord');
    await coord.get('/statistiques?periode=2026-13').expect(400);
    await coord.get('/statistiques?periode=perso&du=2026-05&au=2026-01').expect(400);
    await coord.get('/statistiques?site=nope').expect(400);
    await coord.get('/statistiques?periode=perso&du=2026-01&au=2026-02').expect(200);
  });

  it('exports French CSV files without names, phones, e-mails or flats', async () => {
    const coord = await loggedIn('coord');
    const activity = await coord.get(`/statistiques/accompagnements.csv?periode=${YEAR}`).expect(200);
    expect(activity.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
    expect(activity.headers['content-disposition']).to.match(/attachment; filename="accompagnements-tous-les-espaces-2026\.csv"/);
    const text = activity.text;
    expect(text.charCodeAt(0)).to.equal(0xfeff);
    const lines = text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).to.equal(
      'Date;Type d’accompagnement;Durée (minutes);Durée (heures);Lieu;Thèmes;Espace;Bâtiment;Tranche d’âge;Demandeur d’emploi',
    );
    expect(lines).to.have.length(1 + 5);
    expect(lines).to.include(`2026-01-10;Installation à domicile;60;1,00;À domicile;;${SITE_A};C;60 à 74 ans;non`);
    for (const secret of ['Prénom', 'Nom0', 'Le Guérec', 'Yvonne', 'Bihan', '02 98 00 00 00', '41', 'zoe@example.org'])
      expect(text, secret).to.not.include(secret);
    const figures = await coord.get(`/statistiques/chiffres.csv?periode=${YEAR}&site=${siteA}`).expect(200);
    expect(figures.text).to.include('Taux de connexion (%);28,6').and.include('Accompagnements;4');
  });

  it('has counters equal to a rebuild from the events', async () => {
    const report = await rebuildStatistics({ dryRun: true });
    expect(report.counters.differences).to.deep.equal([]);
    expect(report.facts.differences).to.deep.equal([]);
    expect(report.counters.checked).to.be.greaterThan(3);
  });
});
