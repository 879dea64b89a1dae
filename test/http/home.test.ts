/**
 * Home pages: a visitor can check a certificate from there; a leader sees the day's
 * work (today's sessions, validations waiting after a session, residents to follow up),
 * each one click away; a resident can switch to large print, which a leader may have
 * noted as a reading need.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { catalogue } from '../../src/features/workshops/index.js';
import { loggedIn, newAgent, postForm } from '../helpers/http.js';
import { accountFromRecord, createResident, giveNotice, postEntry, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';
import { dayInBrest } from '../../src/platform/day.js';
import { rebuildSessionKeys } from '../../src/features/sessions/index.js';
import { addSummaryWeeks, rebuildSessionSummaries } from '../../src/features/validation/index.js';

const MODULE = 'decouvrir-ordinateur';

describe('home pages (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('offers visitors to check a certificate, on the home and login pages', async () => {
    const visitor = await newAgent();
    expect((await visitor.get('/').expect(200)).text).to.include('href="/verifier"');
    expect((await visitor.get('/connexion').expect(200)).text).to.include('href="/verifier"');
  });

  it('shows a leader today’s session, the skills to validate after it, and the residents to follow up', async () => {
    const { a, b } = await twoLeaders();
    const empty = await a.get('/').expect(200);
    expect(empty.text).to.include('Aucune séance prévue cette semaine');
    expect(empty.text).to.include('Rien à valider');

    const marie = await createResident(a, { firstName: 'Marie', lastName: 'Hostis', flat: '31' });
    await giveNotice(a, marie);
    await postForm(a, `/residents/${marie}`, `/residents/${marie}/compte`, {}, 303);
    // An installation not solved: Marie is to follow up.
    await postEntry(a, marie, 'installation', {}, 303);
    const created = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: MODULE, date: dayInBrest(new Date()), durationMinutes: '90', notes: '' },
      303,
    );
    const session = /^\/seances\/([a-f0-9]{24})/.exec(String(created.headers.location))![1]!;
    await postForm(a, `/seances/${session}`, `/seances/${session}/presences`, { present: [marie] }, 303);

    const home = await a.get('/').expect(200);
    const skills = catalogue().moduleById.get(MODULE)!.skills.length;
    expect(home.text).to.include('Aujourd’hui');
    expect(home.text).to.include(`href="/seances/${session}"`);
    expect(home.text).to.include('1 présent');
    expect(home.text).to.include(`href="/validation/seances/${session}"`);
    expect(home.text).to.include(`${skills} compétences à valider`);
    expect(home.text).to.include(`href="/residents/${marie}"`);
    expect(home.text).to.include('Marie Hostis');

    // The other site's leader sees none of it.
    const other = await b.get('/').expect(200);
    expect(other.text).to.not.include('Marie Hostis');
    expect(other.text).to.include('Aucune séance prévue cette semaine');
  });

  it('shows each recent session’s summary, kept at each attendance, validation and certificate, equal to its rebuild', async () => {
    const { a } = await twoLeaders();
    const marie = await createResident(a, { firstName: 'Marie', lastName: 'Kerbrat', flat: '33' });
    await giveNotice(a, marie);
    await postForm(a, `/residents/${marie}`, `/residents/${marie}/compte`, {}, 303);
    // Without an account yet: her skills are still to validate, once the account is made.
    const yvonne = await createResident(a, { firstName: 'Yvonne', lastName: 'Le Bihan', flat: '34' });
    const yesterday = dayInBrest(new Date(Date.now() - 86_400_000));
    const created = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: MODULE, date: yesterday, durationMinutes: '90', notes: '' },
      303,
    );
    const session = /^\/seances\/([a-f0-9]{24})/.exec(String(created.headers.location))![1]!;
    await postForm(a, `/seances/${session}`, `/seances/${session}/presences`, { present: [marie, yvonne] }, 303);
    const skills = catalogue().moduleById.get(MODULE)!.skills.length;
    expect((await a.get('/').expect(200)).text).to.include(`${2 * skills} compétences à valider`);

    // Marie's whole row validated from the grid: her certificate is ready.
    const grid = `/validation/seances/${session}`;
    const userId = /name="rows" value="([a-f0-9]{24})"/.exec((await a.get(grid).expect(200)).text)![1]!;
    await postForm(a, grid, grid, { rows: [userId], method: 'atelier', level: 'seul', day: yesterday, comment: '' }, 303);
    const ready = (await a.get('/').expect(200)).text;
    expect(ready).to.include(`${skills} compétences à valider`).and.include('1 attestation prête');

    // Issued: no longer ready.
    await postForm(a, grid, `${grid}/certificats`, {}, 303);
    const issued = (await a.get('/').expect(200)).text;
    expect(issued).to.include(`${skills} compétences à valider`).and.not.include('attestation prête');

    // What was kept at each write equals what the rebuild makes.
    expect((await rebuildSessionSummaries({ dryRun: true })).differences).to.deep.equal([]);
    expect((await rebuildSessionKeys({ dryRun: true })).differences).to.deep.equal([]);

    // A summary written before its week key (an older version): the home reads summaries by
    // site and week, so it is not shown until the start-up migration gives it its week.
    await mongoose.connection.db!.collection('session_summaries').updateOne(
      { _id: new mongoose.Types.ObjectId(session) },
      { $unset: { week: '' } },
    );
    expect((await a.get('/').expect(200)).text).to.not.include(`href="${grid}"`);
    expect((await rebuildSessionSummaries({ dryRun: true })).differences).to.have.length(1);
    expect(await addSummaryWeeks()).to.equal(1);
    expect((await a.get('/').expect(200)).text).to.include(`href="${grid}"`);
    expect(await addSummaryWeeks()).to.equal(0);
    expect((await rebuildSessionSummaries({ dryRun: true })).differences).to.deep.equal([]);
  });

  it('applies a large-print need to the resident’s pages, and lets the resident switch it', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a, { firstName: 'Josiane', lastName: 'Kerhervé', flat: '32' });
    const { username, password } = await accountFromRecord(a, id);
    const josiane = await loggedIn(username, password);
    expect((await josiane.get('/').expect(200)).text).to.not.include('class="large-text"');

    // The leader notes the need on the record: her pages get larger text.
    await postForm(
      a,
      `/residents/${id}/modifier`,
      `/residents/${id}/identite`,
      { ...identityForm('Josiane', 'Kerhervé'), readingNeeds: 'gros-caracteres' },
      303,
    );
    const large = await josiane.get('/ateliers').expect(200);
    expect(large.text).to.include('<html lang="fr" class="large-text">');
    expect(large.text).to.include('Texte de taille normale');

    // She switches back, and returns to the page she was on.
    const back = await postForm(josiane, '/ateliers', '/affichage', { taille: 'normal', retour: '/ateliers' }, 303);
    expect(back.headers.location).to.equal('/ateliers');
    expect((await josiane.get('/ateliers').expect(200)).text).to.not.include('class="large-text"');
    // A return address elsewhere is not followed.
    const away = await postForm(
      josiane,
      '/ateliers',
      '/affichage',
      { taille: 'grand', retour: 'https://ailleurs.example/' },
      303,
    );
    expect(away.headers.location).to.equal('/');
  });

  it('lists five residents to follow up, by name, and links to the rest', async () => {
    await clearDatabase();
    const { a } = await twoLeaders();
    const names = ['Gwen', 'Alan', 'Fanch', 'Bleuenn', 'Erwan', 'Dewi', 'Chloé'];
    for (const [i, firstName] of names.entries()) {
      const id = await createResident(a, { firstName, lastName: 'Suivi', flat: String(60 + i) });
      await giveNotice(a, id);
      await postEntry(a, id, 'installation', {}, 303);
    }
    const home = (await a.get('/').expect(200)).text;
    const shown = names.filter((n) => home.includes(`${n} Suivi`));
    expect(shown).to.have.length(5);
    // Sorted by name among those read.
    const inPage = [...shown].sort((x, y) => home.indexOf(`${x} Suivi`) - home.indexOf(`${y} Suivi`));
    expect(inPage).to.deep.equal([...shown].sort((x, y) => x.localeCompare(y, 'fr')));
    expect(home).to.include('href="/residents?filtre=suivi"');
    // The list's filter shows them all.
    const all = (await a.get('/residents?filtre=suivi').expect(200)).text;
    for (const n of names) expect(all).to.include(`Suivi ${n}`);
  });
});

/** The identity form's fields, as the edit page posts them. */
const identityForm = (firstName: string, lastName: string) => ({
  firstName,
  lastName,
  birthYear: '',
  phone: '',
  noPhone: 'oui',
  email: '',
});
