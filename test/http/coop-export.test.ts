/**
 * The XLSX export in La Coop's format from /statistiques: a coordinator downloads it, and
 * it reads back with La Coop's columns in its order and the entries' and workshops'
 * values in its words; a leader gets their own site only.
 */
import { expect } from 'chai';
import { COOP_COLUMNS } from '../../src/features/statistics/coop-export.js';
import { User } from '../../src/features/accounts/user.model.js';
import { Site } from '../../src/features/sites/site.model.js';
import { dayInBrest } from '../../src/platform/day.js';
import { getBinary, loggedIn, makeUser, postForm } from '../helpers/http.js';
import { createResident, giveNotice, postEntry, SITE_A, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';
import { readSheet, serialToDay } from '../helpers/xlsx-reader.js';

describe('statistics: activities as La Coop’s XLSX export (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('exports support entries and workshop sessions with La Coop’s columns and values', async () => {
    const { a, b } = await twoLeaders();
    await makeUser('coord.coop', 'coordinator');
    await Site.updateOne(
      { name: SITE_A },
      { $set: { address: '1 rue de Kérourien', postalCode: '29200', commune: 'Brest', inseeCode: '29019' } },
    );
    const today = dayInBrest(new Date());
    const marie = await createResident(a, { firstName: 'Marie', lastName: 'Coop', flat: '31', birthYear: '1950' });
    const karim = await createResident(a, { firstName: 'Karim', lastName: 'Coop', flat: '32', birthYear: '1990' });
    for (const id of [marie, karim]) await giveNotice(a, id);
    await postEntry(
      a,
      marie,
      'aide',
      { date: today, place: 'espace', durationMinutes: '40', themes: ['courriel', 'banque'], autonomy: 'seul', referral: 'CCAS' },
      303,
    );
    const created = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: 'boite-mail', date: today, durationMinutes: '90', notes: '' },
      303,
    );
    const session = /^\/seances\/([a-f0-9]{24})/.exec(String(created.headers.location))![1]!;
    await postForm(a, `/seances/${session}`, `/seances/${session}/presences`, { present: [marie, karim] }, 303);

    const coord = await loggedIn('coord.coop');
    expect((await coord.get('/statistiques').expect(200)).text).to.include('/statistiques/activites-coop.xlsx?');
    const year = today.slice(0, 4);
    const res = await getBinary(coord, `/statistiques/activites-coop.xlsx?periode=${year}`)
      .expect(200)
      .expect('Content-Type', /spreadsheetml/);
    const [head, ...rows] = readSheet(res.body as Buffer);
    expect(head!.map((c) => c.value)).to.deep.equal([...COOP_COLUMNS]);
    const byColumn = (row: (typeof rows)[number]) =>
      Object.fromEntries(COOP_COLUMNS.map((name, i) => [name, row[i]?.value ?? '']));
    const lines = rows.map(byColumn);
    expect(lines).to.have.length(3);

    const help = lines.find((l) => l.Type === 'Accompagnement individuel')!;
    expect(rows[lines.indexOf(help)]![0]!.date).to.equal(true);
    expect(serialToDay(help.Date as number)).to.equal(today);
    expect(help).to.include({
      Participants: 1,
      'Canaux d’accompagnement': 'Lieu d’activité',
      'Nom du lieu': SITE_A,
      Commune: 'Brest',
      'Code postal': '29200',
      'Code Insee': '29019',
      'Durée (min)': 40,
      'Matériel numérique utilisé': 'Ordinateur',
      'Thématique(s) d’accompagnement': 'E-mail\nBanque et achats en ligne',
      'Niveau d’autonomie (ou de l’atelier)': '3/3',
      'Bénéficiaire réorienté': 'Oui',
      'Genre du bénéficiaire': 'Non communiqué',
      'Tranche d’âge du bénéficiaire': '70 ans et plus',
    });
    // The mediator: the display name of the leader who recorded the entry or ran the session.
    const leaderName = (await User.findOne({ username: 'anim.a' }).lean())!.displayName;
    const [first, ...rest] = leaderName.split(' ');
    for (const line of lines) {
      expect(line['Prénom du médiateur']).to.equal(rest.length ? first : '');
      expect(line['Nom du médiateur']).to.equal(rest.length ? rest.join(' ') : first);
    }
    const workshop = lines.filter((l) => l.Type === 'Atelier collectif');
    expect(workshop.map((l) => l.Participants).sort()).to.deep.equal(['1/2', '2/2']);
    expect(workshop[0]).to.include({ 'Durée (min)': 90, 'Thématique(s) d’accompagnement': 'E-mail', 'ID CRA': session });
    expect(workshop.map((l) => l['Tranche d’âge du bénéficiaire']).sort()).to.deep.equal(['25 - 39 ans', '70 ans et plus']);
    // No name leaves the app.
    expect(JSON.stringify(lines)).to.not.include('Coop"').and.not.include('Marie');

    // The other site's leader sees none of it; their own site only.
    const other = readSheet((await getBinary(b, `/statistiques/activites-coop.xlsx?periode=${year}`).expect(200)).body as Buffer);
    expect(other).to.have.length(1);
  });
});
