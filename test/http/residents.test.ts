import { expect } from 'chai';
import { clearDatabase } from '../helpers/test-env.js';
import { csrfFor, loggedIn, makeUser, newAgent, postForm } from '../helpers/http.js';
import {
  accountFromRecord,
  COMMON,
  createResident,
  ENTRY,
  giveNotice,
  postEntry,
  RESIDENT,
  SITE_A,
  submission,
  twoLeaders,
} from '../helpers/residents-fixtures.js';
import { listAuditEvents } from '../../src/platform/audit.repository.js';
import { Household } from '../../src/features/residents/household.model.js';
import { featureJobs } from '../../src/jobs.js';
import { MigrationMarker } from '../../src/platform/migrations.js';
import { getApp } from '../helpers/test-env.js';

describe('residents: records, households, support entries (HTTP, real database)', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  it('creates a record with a household, lists it, finds it by name, building or flat', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    const second = await createResident(a, { firstName: 'Karim', lastName: 'Benali', building: 'c', entrance: '2', flat: '41' });
    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text).to.include('Marie').and.include('Le Guérec').and.include('Bât. C, appt 41');
    // Same dwelling (written differently): the same household.
    expect(page.text).to.include('Karim Benali');
    const list = await a.get('/residents?q=guerec').expect(200);
    expect(list.text).to.include(`/residents/${id}`).and.not.include(`/residents/${second}`);
    const byFlat = await a.get('/residents?q=41').expect(200);
    expect(byFlat.text).to.include(`/residents/${id}`).and.include(`/residents/${second}`);
    const noSub = await a.get('/residents?filtre=sans-abonnement').expect(200);
    expect(noSub.text).to.include(`/residents/${id}`);
    const audit = await listAuditEvents({ subject: `resident:${id}` });
    expect(audit.map((e) => e.action))
      .to.include('resident.create')
      .and.include('resident.view');
  });

  it('finds one household for "C", "Bât. C" and "bat c"; rekeys older households at start, never merging two', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await createResident(a, { firstName: 'Karim', lastName: 'Benali', building: 'Bât. C' });
    await createResident(a, { firstName: 'Anne', lastName: 'Morvan', building: 'bat c' });
    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text).to.include('Karim Benali').and.include('Anne Morvan');
    expect(await Household.countDocuments({})).to.equal(1);

    // Households keyed by an older version: "bâtiment d|2|5" for "Bâtiment D", and a
    // second household of building C typed "Bât. C" (the duplicate this rule prevents now).
    const d = await createResident(a, { firstName: 'Yann', lastName: 'Kerbrat', building: 'Bâtiment D', flat: '5' });
    await Household.updateOne({ 'dwelling.building': 'Bâtiment D' }, { $set: { key: 'batiment d|2|5' } });
    const c = await Household.findOne({}).lean();
    await Household.create({ site: c!.site, key: 'bat. c|2|41', dwelling: { ...c!.dwelling, building: 'Bât. C' } });
    await MigrationMarker.deleteMany({ _id: { $in: ['household-building-keys', 'site-buildings-from-households'] } });
    const changed = await featureJobs(await getApp()).atStart();
    expect(changed['household-building-keys']).to.equal(1);
    expect(changed['households-sharing-a-key']).to.equal(1);
    // The site had no list of buildings: it gets its households' ones, once each.
    expect(changed['site-buildings-from-households']).to.equal(1);
    const form = (await a.get('/residents/nouveau').expect(200)).text;
    expect(form).to.include('<option value="Bâtiment D"').and.not.include('<option value="Bât. C"');
    expect(await Household.countDocuments({ key: 'd|2|5' })).to.equal(1);
    // Left as it was: a person decides; the household of "C" keeps its members.
    expect(await Household.countDocuments({ key: 'bat. c|2|41' })).to.equal(1);
    await createResident(a, { firstName: 'Loïc', lastName: 'Kerbrat', building: 'D', flat: '5' });
    expect((await a.get(`/residents/${d}`).expect(200)).text).to.include('Loïc Kerbrat');
    expect(await Household.countDocuments({})).to.equal(3);
  });

  it('refuses bad identity forms with a clear French message and keeps what was typed', async () => {
    const { a } = await twoLeaders();
    const missing = await postForm(a, '/residents/nouveau', '/residents', { ...RESIDENT, firstName: '' }, 422);
    expect(missing.text).to.include('Le champ «\u00a0Prénom\u00a0» est vide');
    expect(missing.text).to.include('value="Le Guérec"');
    const noField = await postForm(a, '/residents/nouveau', '/residents', { lastName: 'X', building: 'C', flat: '1' }, 422);
    expect(noField.text).to.include('Le champ «\u00a0Prénom\u00a0» manque');
    const long = await postForm(a, '/residents/nouveau', '/residents', { ...RESIDENT, lastName: 'x'.repeat(61) }, 422);
    expect(long.text).to.include('Le champ «\u00a0Nom\u00a0» est trop long');
    const year = await postForm(a, '/residents/nouveau', '/residents', { ...RESIDENT, birthYear: '19a6' }, 422);
    expect(year.text).to.include('Le champ «\u00a0Année de naissance\u00a0» doit être un nombre');
    const future = await postForm(a, '/residents/nouveau', '/residents', { ...RESIDENT, birthYear: '2999' }, 422);
    expect(future.text).to.include('trop petit ou trop grand');
    const mail = await postForm(a, '/residents/nouveau', '/residents', { ...RESIDENT, email: 'pas-une-adresse' }, 422);
    expect(mail.text).to.include('L’adresse e-mail n’est pas valable');
    const flat = await postForm(a, '/residents/nouveau', '/residents', { ...RESIDENT, flat: '' }, 422);
    expect(flat.text).to.include('Le champ «\u00a0Appartement\u00a0» est vide');
    const list = await a.get('/residents').expect(200);
    expect(list.text).to.include('Aucun résident ne correspond.');
  });

  it('edits identity and dwelling, with the same checks', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await postForm(
      a,
      `/residents/${id}/modifier`,
      `/residents/${id}/identite`,
      { ...RESIDENT, phone: '', noPhone: 'oui', jobSeeker: 'oui' },
      303,
    );
    await postForm(
      a,
      `/residents/${id}/modifier`,
      `/residents/${id}/logement`,
      { building: 'D', entrance: '', flat: '12', address: '', landlordRef: 'BMH-12' },
      303,
    );
    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text).to.include('Pas de téléphone').and.include('En recherche d’emploi').and.include('Bât. D, appt 12');
    const bad = await postForm(
      a,
      `/residents/${id}/modifier`,
      `/residents/${id}/identite`,
      { ...RESIDENT, firstName: 'y'.repeat(61) },
      422,
    );
    expect(bad.text).to.include('Le champ «\u00a0Prénom\u00a0» est trop long');
  });

  it('requires the information notice before the first support entry', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    const refused = await postEntry(a, id, 'installation', {}, 400);
    // The form page itself says so too.
    expect(refused.text).to.include('Remettez d’abord la notice d’information');
    const future = await postForm(a, `/residents/${id}`, `/residents/${id}/notice`, { noticeDate: '2999-01-01' }, 422);
    expect(future.text).to.include('date dans le futur');
    await giveNotice(a, id);
    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text).to.include('Remise le 5 janvier 2026 par anim.a');
  });

  for (const kind of Object.keys(ENTRY)) {
    it(`records a "${kind}" support entry that shows in the timeline`, async () => {
      const { a } = await twoLeaders();
      const id = await createResident(a);
      await giveNotice(a, id);
      const form = await a.get(`/residents/${id}/accompagnements/${kind}`).expect(200);
      expect(form.text).to.include('name="submission"');
      const res = await postEntry(a, id, kind, {}, 303);
      expect(res.headers.location).to.equal(`/residents/${id}?ok=entree#historique`);
      const page = await a.get(`/residents/${id}?ok=entree`).expect(200);
      expect(page.text).to.include('L’accompagnement est enregistré').and.include('10 janvier 2026');
      if (kind === 'installation') expect(page.text).to.include('Wi-Fi absent dans la chambre').and.include('Suivi à faire');
      if (kind === 'ordinateur') expect(page.text).to.include('KRN-0042').and.include('35,00');
      if (kind === 'conseil-juridique') expect(page.text).to.include('Résilier un contrat');
      if (kind === 'aide') expect(page.text).to.include('Courriel, Emploi').and.include('France Travail');
      if (kind === 'abonnement') expect(page.text).to.include('Souscrit').and.include('Accès partagé 2 Mbit/s');
    });
  }

  it('refuses bad support entries: missing field, too long, future date, unknown choice, bad price', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    const missing = await postEntry(a, id, 'installation', { equipment: '' }, 422);
    expect(missing.text).to.include('Le champ «\u00a0Matériel\u00a0» est vide');
    expect(missing.text).to.include('Wi-Fi absent dans la chambre'); // what was typed is kept
    const url = `/residents/${id}/accompagnements/installation`;
    const token = await csrfFor(a, url);
    const absent = await a
      .post(url)
      .type('form')
      .send({ _csrf: token, ...COMMON, submission: submission(), problem: 'x', solved: 'oui' })
      .expect(422);
    expect(absent.text).to.include('Le champ «\u00a0Matériel\u00a0» manque');
    const long = await postEntry(a, id, 'installation', { problem: 'p'.repeat(501) }, 422);
    expect(long.text).to.include('Le champ «\u00a0Problème\u00a0» est trop long');
    const future = await postEntry(a, id, 'installation', { date: '2999-12-31' }, 422);
    expect(future.text).to.include('Le champ «\u00a0Date\u00a0» a une date dans le futur');
    const notDate = await postEntry(a, id, 'installation', { date: '2026-02-30' }, 422);
    expect(notDate.text).to.include('n’est pas une date');
    const choice = await postEntry(a, id, 'conseil-juridique', { subject: 'inconnu' }, 422);
    expect(choice.text).to.include('Le champ «\u00a0Sujet\u00a0» a un choix inconnu');
    const noTheme = await postEntry(a, id, 'aide', { themes: [] }, 422);
    expect(noTheme.text).to.include('Cochez au moins un choix dans «\u00a0Thèmes\u00a0»');
    const price = await postEntry(a, id, 'ordinateur', { priceCents: 'gratuit' }, 422);
    expect(price.text).to.include('Le champ «\u00a0Prix en euros\u00a0» doit être un prix');
    const duration = await postEntry(a, id, 'aide', { durationMinutes: '9999' }, 422);
    expect(duration.text).to.include('Durée en minutes');
    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text).to.not.include('timeline-entry').and.not.include('Wi-Fi absent');
  });

  it('records a double submit of the same form once', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    const same = submission();
    await postEntry(a, id, 'aide', { submission: same }, 303);
    const again = await postEntry(a, id, 'aide', { submission: same }, 303);
    expect(again.headers.location).to.include('ok=doublon');
    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text.match(/timeline-item timeline-entry/g)).to.have.length(1);
  });

  it('updates the household subscription and the follow-up filter from entries', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    await postEntry(a, id, 'installation', {}, 303);
    expect((await a.get('/residents?filtre=suivi')).text).to.include(`/residents/${id}`);
    await postEntry(a, id, 'installation', { solved: 'oui' }, 303);
    expect((await a.get('/residents?filtre=suivi')).text).to.not.include(`/residents/${id}`);
    await postEntry(a, id, 'abonnement', { status: 'actif', monthlyChargeCents: '1,00' }, 303);
    expect((await a.get('/residents?filtre=sans-abonnement')).text).to.not.include(`/residents/${id}`);
    const page = await a.get(`/residents/${id}`);
    expect(page.text).to.include('Actif').and.include('1,00');
  });

  it('shows in the list each member’s dwelling and subscription, kept when the household changes, and a new name under its letter', async function () {
    this.timeout(90_000);
    const { a } = await twoLeaders();
    const id = await createResident(a);
    const mate = await createResident(a, { firstName: 'Karim', lastName: 'Benali', building: 'c', entrance: '2', flat: '41' });
    const row = (html: string, resident: string) => {
      const at = html.indexOf(`/residents/${resident}"`);
      expect(at, resident).to.be.greaterThan(-1);
      return html.slice(at, html.indexOf('</tr>', at));
    };
    expect(row((await a.get('/residents?lettre=b').expect(200)).text, mate)).to.include('Bât. C, appt 41').and.include('Pas d’abonnement');
    await giveNotice(a, id);
    // A subscription on Marie's household: Karim, of the same household, shows it too.
    await postEntry(a, id, 'abonnement', { status: 'actif', monthlyChargeCents: '1,00' }, 303);
    expect(row((await a.get('/residents?lettre=b').expect(200)).text, mate)).to.include('Actif');
    expect(row((await a.get('/residents?lettre=l').expect(200)).text, id)).to.include('Actif');
    // Marie moves: her row shows the new dwelling; Karim's stays.
    const move = { building: 'D', entrance: '', flat: '12', address: '', landlordRef: '' };
    await postForm(a, `/residents/${id}/modifier`, `/residents/${id}/logement`, move, 303);
    expect(row((await a.get('/residents?lettre=l').expect(200)).text, id)).to.include('Bât. D, appt 12');
    expect(row((await a.get('/residents?lettre=b').expect(200)).text, mate)).to.include('Bât. C, appt 41');
    // A new last name: listed under its new letter only.
    await postForm(a, `/residents/${id}/modifier`, `/residents/${id}/identite`, { ...RESIDENT, lastName: 'Abgrall' }, 303);
    expect((await a.get('/residents?lettre=a').expect(200)).text).to.include(`/residents/${id}"`);
    expect((await a.get('/residents?lettre=l').expect(200)).text).to.not.include(`/residents/${id}"`);
  });

  it('creates a resident account from the record, linked both ways, and shows the resident their own record read-only', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    await postEntry(a, id, 'aide', {}, 303);
    const { username, password } = await accountFromRecord(a, id);
    await postForm(a, `/residents/${id}`, `/residents/${id}/compte`, {}, 422);
    const resident = await loggedIn(username, password);
    const mine = await resident.get('/mon-dossier').expect(200);
    expect(mine.text).to.include('Mon dossier').and.include('Le Guérec').and.include('Aide individuelle');
    expect(mine.text)
      .to.not.include('/accompagnements/')
      .and.not.include('/effacer')
      .and.not.include('enctype="multipart/form-data"');
    // Read-only: no leader page, no form.
    await resident.get(`/residents/${id}`).expect(403);
    await resident.get('/residents').expect(403);
    await postForm(
      resident,
      '/mon-dossier',
      `/residents/${id}/accompagnements/aide`,
      { ...COMMON, ...ENTRY.aide!, submission: submission() },
      403,
    );
  });

  it('keeps every record route to the leaders of the resident’s site', async () => {
    const { a, b } = await twoLeaders();
    const id = await createResident(a);
    await giveNotice(a, id);
    const gets = [
      `/residents/${id}`,
      `/residents/${id}/modifier`,
      `/residents/${id}/accompagnements/installation`,
      `/residents/${id}/export`,
      `/residents/${id}/export.json`,
      `/residents/${id}/effacer`,
    ];
    for (const url of gets) {
      const res = await b.get(url);
      expect([403, 404], url).to.include(res.status);
      expect(res.text).to.not.include('Le Guérec');
    }
    const token = await csrfFor(b, '/residents');
    const posts: [string, Record<string, string>][] = [
      [`/residents/${id}/identite`, { ...RESIDENT, firstName: 'Pirate' }],
      [`/residents/${id}/logement`, { building: 'Z', flat: '1' }],
      [`/residents/${id}/notice`, { noticeDate: '2026-01-01' }],
      [`/residents/${id}/accompagnements/aide`, { ...COMMON, autonomy: 'seul', themes: 'courriel', submission: submission() }],
      [`/residents/${id}/compte`, {}],
      [`/residents/${id}/effacer`, { confirm: 'oui' }],
    ];
    for (const [url, data] of posts) {
      const res = await b
        .post(url)
        .type('form')
        .send({ _csrf: token, ...data });
      expect([403, 404], url).to.include(res.status);
    }
    expect((await b.get('/residents')).text).to.not.include(`/residents/${id}`);
    const page = await a.get(`/residents/${id}`).expect(200);
    expect(page.text).to.include('Marie').and.not.include('Pirate').and.not.include('timeline-entry');
    // Visitors and coordinators too.
    const visitor = await newAgent();
    await visitor.get(`/residents/${id}`).expect(303);
    await makeUser('coord.t', 'coordinator', SITE_A);
    const coord = await loggedIn('coord.t');
    await coord.get(`/residents/${id}`).expect(403);
    await a.get('/residents/zzz').expect(404);
  });

  it('shows the audit trail to coordinators only', async () => {
    const hourBefore = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' }).format(
      new Date(),
    );
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await a.get(`/residents/${id}`).expect(200);
    await makeUser('coord.t', 'coordinator', SITE_A);
    const coord = await loggedIn('coord.t');
    const trail = await coord.get('/journal').expect(200);
    // Readable: the resident's name rather than an id, every action in words, Brest time.
    expect(trail.text).to.include('Consultation').and.include('Création').and.include('anim.a');
    expect(trail.text).to.include(`Dossier de ${RESIDENT.firstName} ${RESIDENT.lastName}`);
    expect(trail.text).to.not.match(/<td>[^<]*resident:[a-f0-9]{24}/);
    expect(trail.text).to.not.include(' UTC');
    const hourInBrest = () =>
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' }).format(new Date());
    expect(trail.text).to.match(new RegExp(`à (${hourBefore}|${hourInBrest()}):\\d\\d`));
    const one = await coord.get(`/journal?sujet=resident:${id}`).expect(200);
    expect(one.text).to.include('Seulement');
    // Filters: one action, one person.
    const views = await coord.get(`/journal?quoi=resident.view`).expect(200);
    expect(views.text).to.include('Consultation').and.not.include('<td>Création</td>');
    const leaderId = /href="\/journal\?mois=[0-9-]+&amp;qui=([a-f0-9]{24})"/.exec(trail.text)![1]!;
    const theirs = await coord.get(`/journal?qui=${leaderId}`).expect(200);
    expect(theirs.text).to.match(/Seulement les actions (de |d’)/);
    await coord.get('/journal?quoi=inconnu').expect(400);
    await a.get('/journal').expect(403);
  });

  it('lets coordinators add a site', async () => {
    await makeUser('coord.t', 'coordinator', SITE_A);
    const coord = await loggedIn('coord.t');
    await postForm(coord, '/espaces', '/espaces', { name: 'Bellevue (test)', neighbourhood: 'Bellevue' }, 303);
    expect((await coord.get('/espaces')).text).to.include('Bellevue (test)');
    const empty = await postForm(coord, '/espaces', '/espaces', { name: '' }, 422);
    expect(empty.text).to.include('Le champ «\u00a0Nom\u00a0» est vide');
    const { a } = await twoLeaders();
    await a.get('/espaces').expect(403);
  });
});
