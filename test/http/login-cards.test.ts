/**
 * Login cards for residents without e-mail: the PDF card (name, username, a one-time code,
 * its end of validity, the space's address and opening hours), linked from the record;
 * the cards of a workshop's attendees on shared sheets; the code sets a password once,
 * never twice, never after its validity (run past a short configured one), and every
 * card, use and refusal is in the audit trail.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { Site } from '../../src/features/sites/site.model.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { dayInBrest } from '../../src/platform/day.js';
import { csrfOf, getBinary, loggedIn, newAgent, PASSWORD, postForm, type Agent } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { createResident, giveNotice, LOGIN_CODE as CODE, SITE_A, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase, configWith, logger } from '../helpers/test-env.js';

const NEW_PASSWORD = 'ma-phrase-de-passe-a-moi';

async function residentWithAccount(leader: Agent, firstName: string, flat: string) {
  const id = await createResident(leader, { firstName, lastName: 'Carte', flat });
  await giveNotice(leader, id);
  await postForm(leader, `/residents/${id}`, `/residents/${id}/compte`, {}, 303);
  const record = (await leader.get(`/residents/${id}`).expect(200)).text;
  const username = /<dd><code>([a-z0-9.-]+)<\/code>/.exec(record)![1]!;
  return { id, username };
}

const cardText = async (agent: Agent | ReturnType<typeof supertest.agent>, url: string) => {
  const res = await getBinary(agent as Agent, url)
    .expect(200)
    .expect('Content-Type', 'application/pdf');
  expect(res.headers['cache-control']).to.include('no-store');
  return (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
};

const useCode = (agent: Agent, username: string, code: string, status: number) =>
  postForm(
    agent,
    '/premiere-connexion',
    '/premiere-connexion',
    { username, code, next: NEW_PASSWORD, confirm: NEW_PASSWORD },
    status,
  );

describe('login cards and their one-time code (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('prints a resident’s card from the record; its code sets a password once, and is audited', async () => {
    const { a, b } = await twoLeaders();
    await Site.updateOne(
      { name: SITE_A },
      { $set: { address: '1 rue de Kérourien', postalCode: '29200', commune: 'Brest', openingHours: 'Mo-Fr 09:00-12:00' } },
    );
    const marie = await residentWithAccount(a, 'Marie', '21');
    const record = (await a.get(`/residents/${marie.id}`).expect(200)).text;
    expect(record).to.include(`href="/residents/${marie.id}/carte-de-connexion.pdf"`);

    const text = await cardText(a, `/residents/${marie.id}/carte-de-connexion.pdf`);
    expect(text).to.include('Carte de connexion').and.include('Marie Carte').and.include(marie.username);
    expect(text).to.include('1 rue de Kérourien, 29200 Brest');
    expect(text).to.include('du lundi au vendredi : 9 h – 12 h');
    expect(text).to.include('/premiere-connexion');
    expect(text).to.match(/Valable jusqu’au \d{1,2} \p{L}+ \d{4}/u);
    const code = CODE.exec(text)![0];

    // Another site's leader gets no card.
    await getBinary(b, `/residents/${marie.id}/carte-de-connexion.pdf`).expect(403);

    const visitor = await newAgent();
    // A wrong code, then the right one typed loosely (lower case, no dash).
    const wrong = await useCode(visitor, marie.username, 'ABCD-EFGH', 422);
    expect(wrong.text).to.include('Ce code ne marche pas.');
    // The right code: the password is set and the resident is in at once (not typed again).
    const done = await useCode(visitor, marie.username, code.toLowerCase().replace('-', ' '), 303);
    expect(done.headers.location).to.equal('/');
    expect((await visitor.get('/mon-dossier').expect(200)).text).to.include('Marie Carte');
    await loggedIn(marie.username, NEW_PASSWORD);

    // The same code a second time: refused, the password stays.
    const again = await useCode(await newAgent(), marie.username, code, 422);
    expect(again.text).to.include('Ce code ne marche pas.');
    await loggedIn(marie.username, NEW_PASSWORD);

    const actions = (await AuditEvent.find({}).lean()).map((e) => (e as { action: string }).action);
    expect(actions).to.include.members(['account.login-card', 'account.login-code-used', 'account.login-code-refused']);
  });

  it('prints the cards of a workshop’s attendees together, each with its own code', async () => {
    const a = await loggedIn('anim.a');
    const one = await residentWithAccount(a, 'Paul', '22');
    const two = await residentWithAccount(a, 'Rose', '23');
    const created = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: 'decouvrir-ordinateur', date: dayInBrest(new Date()), durationMinutes: '90', notes: '' },
      303,
    );
    const session = /^\/seances\/([a-f0-9]{24})/.exec(String(created.headers.location))![1]!;
    await postForm(a, `/seances/${session}`, `/seances/${session}/presences`, { present: [one.id, two.id] }, 303);
    expect((await a.get(`/seances/${session}`).expect(200)).text).to.include(`/seances/${session}/cartes-de-connexion.pdf`);
    const text = await cardText(a, `/seances/${session}/cartes-de-connexion.pdf`);
    expect(text).to.include(one.username).and.include(two.username);
    const codes = text.match(new RegExp(CODE.source, 'g'))!;
    expect(new Set(codes).size).to.equal(2);
    // Each code is its own account's: Paul's does not open Rose's.
    await useCode(await newAgent(), two.username, codes[0]!, 422);
  });

  it('refuses a code past its validity (a short one configured)', async () => {
    const app = await createApp({ config: configWith({ LOGIN_CODE_VALIDITY: '1s' }), logger });
    const leader = supertest.agent(app);
    const login = csrfOf((await leader.get('/connexion')).text);
    await leader.post('/connexion').type('form').send({ _csrf: login, username: 'anim.a', password: PASSWORD }).expect(303);
    const a = await loggedIn('anim.a');
    const late = await residentWithAccount(a, 'Jules', '24');
    const text = await cardText(leader, `/residents/${late.id}/carte-de-connexion.pdf`);
    const code = CODE.exec(text)![0];
    await new Promise((r) => setTimeout(r, 1300));
    const refused = await useCode(await newAgent(), late.username, code, 422);
    expect(refused.text).to.include('Ce code ne marche pas.');
  });
});
