import { expect } from 'chai';
import { clearDatabase } from '../helpers/test-env.js';
import { csrfFor, loggedIn, makeUser, postForm, type Agent } from '../helpers/http.js';
import { createResident, twoLeaders } from '../helpers/residents-fixtures.js';
import { findSessionUser } from '../../src/features/accounts/index.js';
import { getSessionAttendees, listSessionsOfResident } from '../../src/features/sessions/index.js';
import { Forbidden } from '../../src/platform/errors.js';

async function getSessionAttendeesOf(agent: Agent, id: string): Promise<string[]> {
  const sheet = await agent.get(`/seances/${id}/feuille`).expect(200);
  return [...sheet.text.matchAll(/<tr><td>([^<]+)<\/td><td>Oui/g)].map((m) => m[1]!);
}

async function newSession(agent: Agent, data: Record<string, string> = {}): Promise<string> {
  const res = await postForm(
    agent,
    '/seances',
    '/seances',
    { moduleId: 'decouvrir-ordinateur', date: '2026-01-15', durationMinutes: '90', notes: '', ...data },
    303,
  );
  return /^\/seances\/([a-f0-9]{24})\?ok=cree$/.exec(String(res.headers.location))![1]!;
}

describe('sessions: workshop sessions and attendance (HTTP, real database)', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  it('creates a session, ticks attendees, shows it in their records and on the printable sheet', async () => {
    const { a } = await twoLeaders();
    const marie = await createResident(a);
    const karim = await createResident(a, { firstName: 'Karim', lastName: 'Benali', flat: '12' });
    const id = await newSession(a);
    // A first session of a workshop has no regulars: the leader searches the names.
    const page = await a.get(`/seances/${id}`).expect(200);
    expect(page.text).to.include('Personne n’est encore venu à cet atelier').and.not.include('Benali');
    const found = await a.get(`/seances/${id}?q=bena`).expect(200);
    expect(found.text).to.include(`value="${karim}"`).and.include('Karim Benali').and.not.include(`value="${marie}"`);
    await postForm(a, `/seances/${id}`, `/seances/${id}/presences`, { present: [marie, karim] }, 303);
    const after = await a.get(`/seances/${id}?ok=presences`).expect(200);
    expect(after.text).to.include('Les présences sont enregistrées').and.include('2 personnes cochées');
    // A search shows the ticked ones still ticked.
    const search = await a.get(`/seances/${id}?q=karim`).expect(200);
    expect(search.text).to.match(new RegExp(`value="${marie}"\\s+checked`));
    const record = await a.get(`/residents/${marie}`).expect(200);
    expect(record.text).to.include('Atelier\u00a0: Découvrir l’ordinateur').and.include('Ateliers suivis (1)');
    const sheet = await a.get(`/seances/${id}/feuille`).expect(200);
    expect(sheet.text).to.include('Feuille de présence').and.include('Marie Le Guérec').and.include('Karim Benali');
    expect((await listSessionsOfResident(karim)).map((s) => s.id)).to.deep.equal([id]);
    const leader = (await findSessionUser((await makeUser('anim.a', 'leader')).user.id))!;
    const { session, attendees } = await getSessionAttendees(leader, id);
    expect(session.moduleId).to.equal('decouvrir-ordinateur');
    expect(attendees.map((x) => x.name)).to.deep.equal(['Karim Benali', 'Marie Le Guérec']);
    // Unticking works too.
    await postForm(a, `/seances/${id}`, `/seances/${id}/presences`, { present: [karim] }, 303);
    expect(await listSessionsOfResident(marie)).to.deep.equal([]);
  });

  it('lists the workshop’s regulars with their flat, and a search without JavaScript keeps the ticks', async function () {
    this.timeout(90_000);
    const { a, b } = await twoLeaders();
    const marie = await createResident(a);
    const karim = await createResident(a, { firstName: 'Karim', lastName: 'Benali', building: 'A', flat: '12' });
    const twin = await createResident(a, { firstName: 'Karim', lastName: 'Benali', building: 'B', flat: '7' });
    const yvonne = await createResident(a, { firstName: 'Yvonne', lastName: 'Bellec' });
    const first = await newSession(a, { date: '2026-01-08' });
    await postForm(a, `/seances/${first}`, `/seances/${first}/presences`, { present: [marie, karim, twin] }, 303);
    const other = await newSession(a, { moduleId: 'boite-mail' });
    await postForm(a, `/seances/${other}`, `/seances/${other}/presences`, { present: [yvonne] }, 303);

    // The next session of the same workshop lists its regulars, with building and flat.
    const next = await newSession(a);
    const page = await a.get(`/seances/${next}`).expect(200);
    expect(page.text).to.include('Déjà venues à cet atelier').and.include('Personne n’est coché').and.not.include(`value="${yvonne}"`);
    expect(page.text).to.include('Bât. A, appt 12').and.include('Bât. B, appt 7');
    for (const id of [marie, karim, twin]) expect(page.text).to.include(`value="${id}"`);

    // "Chercher" posts the ticks and saves nothing: the page comes back with them ticked.
    const token = await csrfFor(a, `/seances/${next}`);
    const search = await a
      .post(`/seances/${next}/presences`)
      .type('form')
      .send(`_csrf=${token}&chercher=1&q=bell&present=${karim}&present=${marie}`)
      .expect(200);
    expect(search.text).to.match(new RegExp(`value="${karim}"\\s+checked`));
    expect(search.text).to.match(new RegExp(`value="${marie}"\\s+checked`));
    expect(search.text).to.include(`value="${yvonne}"`).and.include('Trouvées par la recherche').and.include('2 personnes cochées');
    expect((await getSessionAttendeesOf(a, next)).length).to.equal(0);
    // Then saved as ticked.
    await postForm(a, `/seances/${next}`, `/seances/${next}/presences`, { present: [karim, marie, yvonne] }, 303);
    expect(await getSessionAttendeesOf(a, next)).to.have.length(3);
    // A search that carries another site's resident is refused.
    const foreign = await createResident(b, { firstName: 'Yves', lastName: 'Autre' });
    const refused = await a
      .post(`/seances/${next}/presences`)
      .type('form')
      .send(`_csrf=${token}&chercher=1&q=bell&present=${foreign}`);
    expect(refused.status).to.equal(403);
  });

  it('refuses bad session forms with clear messages', async () => {
    const { a } = await twoLeaders();
    const unknown = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: 'nope', date: '2026-01-15', durationMinutes: '90' },
      422,
    );
    expect(unknown.text).to.include('Cet atelier n’existe pas');
    const missing = await postForm(a, '/seances', '/seances', { moduleId: 'boite-mail', durationMinutes: '90' }, 422);
    expect(missing.text).to.include('Le champ «\u00a0Date\u00a0» manque');
    const far = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: 'boite-mail', date: '2999-01-01', durationMinutes: '90' },
      422,
    );
    expect(far.text).to.include('trop loin dans le futur');
    const long = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: 'boite-mail', date: '2026-01-15', durationMinutes: '90', notes: 'n'.repeat(1001) },
      422,
    );
    expect(long.text).to.include('Le champ «\u00a0Remarques\u00a0» est trop long');
    const dur = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: 'boite-mail', date: '2026-01-15', durationMinutes: 'une heure' },
      422,
    );
    expect(dur.text).to.include('doit être une durée');
    // Planned ahead: fine, but nobody can have attended yet.
    const next = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const planned = await newSession(a, { date: next });
    const marie = await createResident(a);
    const early = await postForm(a, `/seances/${planned}`, `/seances/${planned}/presences`, { present: marie }, 422);
    expect(early.text).to.include('pas encore eu lieu');
  });

  it('keeps sessions to their site: pages, attendance, and attendees from another site', async () => {
    const { a, b } = await twoLeaders();
    const id = await newSession(a);
    const other = await createResident(b, { firstName: 'Yvonne', lastName: 'Bellevue' });
    const mine = await createResident(a);
    for (const url of [`/seances/${id}`, `/seances/${id}/feuille`]) expect([403, 404]).to.include((await b.get(url)).status);
    expect((await b.get('/seances')).text).to.not.include(id);
    const token = await csrfFor(b, '/seances');
    const post = await b.post(`/seances/${id}/presences`).type('form').send({ _csrf: token, present: other });
    expect([403, 404]).to.include(post.status);
    // A leader cannot tick a resident of another site into their own session.
    const foreign = await postForm(a, `/seances/${id}`, `/seances/${id}/presences`, { present: [mine, other] }, 403);
    expect(foreign.status).to.equal(403);
    expect(await listSessionsOfResident(mine)).to.deep.equal([]);
    const leaderB = (await findSessionUser((await makeUser('anim.b', 'leader')).user.id))!;
    let error: unknown;
    await getSessionAttendees(leaderB, id).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Forbidden);
    await makeUser('res.t', 'resident');
    const resident = await loggedIn('res.t');
    await resident.get('/seances').expect(403);
    await resident.get(`/seances/${id}`).expect(403);
  });
});
