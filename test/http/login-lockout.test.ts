/**
 * Locking out a stranger's account is not free (HTTP, real engine): failures from
 * elsewhere never keep the person from logging in at the multimedia space, a leader's new
 * password lets them in at once, an IPv6 /64 counts as one address, and two first-run
 * set-ups sent at once make one coordinator.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { User } from '../../src/features/accounts/user.model.js';
import { csrfFor, getBinary, loggedIn, makeUser, PASSWORD, postForm } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { createResident, LOGIN_CODE } from '../helpers/residents-fixtures.js';
import { clearDatabase, configWith, logger } from '../helpers/test-env.js';

const SPACE = '192.168.10.0/24';
const rateKeys = async () =>
  (await mongoose.connection.db!.collection('rate_limits').find({}).toArray()).map((d) => String(d.key)).sort();

/** An app behind a trusted proxy, so that X-Forwarded-For sets the client's address. */
async function appFor(env: Record<string, string> = {}) {
  return createApp({
    config: configWith({
      TRUST_PROXY: 'loopback',
      SPACE_NETWORKS: SPACE,
      // A block that outlasts the test: only the rules under test can lift it.
      LOGIN_BLOCK: '10min',
      LOGIN_BLOCK_MAX: '10min',
      ...env,
    }),
    logger,
  });
}

describe('locking out a stranger’s account is not free (HTTP, real engine)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await clearDatabase();
  });

  it('keeps letting the person in from the space’s network while failures from elsewhere slow the username down', async () => {
    const app = await appFor();
    await makeUser('josiane.verrou', 'resident');
    const agent = supertest.agent(app);
    const token = await csrfFor(agent, '/connexion');
    const tryFrom = (ip: string, password: string) =>
      agent
        .post('/connexion')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ _csrf: token, username: 'josiane.verrou', password });

    // A stranger, from several addresses: five failures, then even the right password waits.
    for (let i = 0; i < 5; i++) await tryFrom(`203.0.113.${i + 1}`, 'devine').expect(401);
    const slowed = await tryFrom('203.0.113.99', PASSWORD).expect(429);
    expect(slowed.text).to.match(/Trop d’essais. Réessayez dans 10 minutes\./);
    // At the space, the person gets in.
    await tryFrom('192.168.10.23', PASSWORD).expect(303);
    expect(await rateKeys())
      .to.include('login-user:josiane.verrou')
      .and.not.include('login-user-at-space:josiane.verrou');

    // Failures at the space are counted apart, with the same rule.
    const other = supertest.agent(app);
    const t2 = await csrfFor(other, '/connexion');
    const atSpace = (password: string) =>
      other
        .post('/connexion')
        .set('X-Forwarded-For', '192.168.10.40')
        .type('form')
        .send({ _csrf: t2, username: 'josiane.verrou', password });
    for (let i = 0; i < 5; i++) await atSpace('devine').expect(401);
    await atSpace(PASSWORD).expect(429);
  });

  it('lets the person in at once, from anywhere, after a leader gives a new login code', async () => {
    const app = await appFor();
    await makeUser('anim.verrou', 'leader');
    const leader = supertest.agent(app);
    const leaderToken = await csrfFor(leader, '/connexion');
    await leader
      .post('/connexion')
      .type('form')
      .send({ _csrf: leaderToken, username: 'anim.verrou', password: PASSWORD })
      .expect(303);
    const record = await createResident(leader, { firstName: 'Karim', lastName: 'Verrou' });
    await postForm(leader, `/residents/${record}`, `/residents/${record}/compte`, {}, 303);
    const username = /<dd><code>([a-z0-9.-]+)<\/code>/.exec((await leader.get(`/residents/${record}`).expect(200)).text)![1]!;

    const stranger = supertest.agent(app);
    const token = await csrfFor(stranger, '/connexion');
    const tryFrom = (agent: typeof stranger, ip: string, password: string, csrf = token) =>
      agent.post('/connexion').set('X-Forwarded-For', ip).type('form').send({ _csrf: csrf, username, password });
    for (let i = 0; i < 6; i++) await tryFrom(stranger, '198.51.100.7', 'devine').expect(i < 5 ? 401 : 429);

    // "Nouveau code de connexion", confirmed, then the card printed from the record.
    await postForm(leader, `/residents/${record}/nouveau-code`, `/residents/${record}/nouveau-code`, { confirm: 'oui' }, 303);
    const card = await getBinary(leader, `/residents/${record}/carte-de-connexion.pdf`).expect(200);
    const code = LOGIN_CODE.exec((await pdfText(card.body as Buffer)).replace(/\s+/g, ' '))![0];

    const person = supertest.agent(app);
    const personToken = await csrfFor(person, '/premiere-connexion');
    const next = 'ma phrase à moi, enfin';
    const back = await person
      .post('/premiere-connexion')
      .set('X-Forwarded-For', '198.51.100.200')
      .type('form')
      .send({ _csrf: personToken, username, code, next, confirm: next })
      .expect(303);
    expect(back.headers.location).to.equal('/');
    await person.get('/mon-dossier').expect(200);
  });

  it('counts an IPv6 /64 as one address, for logins and for the public check', async () => {
    const app = await appFor({ LOGIN_ADDRESS_FAILURES: '3', VERIFY_LIMIT: '2' });
    const agent = supertest.agent(app);
    const token = await csrfFor(agent, '/connexion');
    const tryFrom = (ip: string, username: string) =>
      agent.post('/connexion').set('X-Forwarded-For', ip).type('form').send({ _csrf: token, username, password: 'devine' });
    await tryFrom('2001:db8:1:2::1', 'personne.a').expect(401);
    await tryFrom('2001:db8:1:2::2', 'personne.b').expect(401);
    await tryFrom('2001:db8:1:2:ffff:ffff:ffff:fffe', 'personne.c').expect(401);
    // A fourth address of the same /64: refused; another /64 is another address.
    await tryFrom('2001:db8:1:2:abcd::9', 'personne.d').expect(429);
    await tryFrom('2001:db8:1:3::1', 'personne.e').expect(401);
    expect((await rateKeys()).filter((k) => k.startsWith('login-address:'))).to.deep.equal([
      'login-address:2001:db8:1:2::/64',
      'login-address:2001:db8:1:3::/64',
    ]);

    const check = (ip: string) => supertest(app).get('/verifier/KRN-2222-2222').set('X-Forwarded-For', ip);
    await check('2001:db8:9:9::1').expect(404);
    await check('2001:db8:9:9::2').expect(404);
    await check('2001:db8:9:9:1:2:3:4').expect(429);
    await check('2001:db8:9:a::1').expect(404);
  });

  it('creates exactly one coordinator when several first-run set-ups are sent at once', async () => {
    const app = await appFor();
    const NEXT = 'un-mot-de-passe-de-coordination';
    const posts = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const agent = supertest.agent(app);
        return { agent, token: await csrfFor(agent, '/installation'), i };
      }),
    );
    const answers = await Promise.all(
      posts.map(({ agent, token, i }) =>
        agent
          .post('/installation')
          .type('form')
          .send({ _csrf: token, displayName: `Coordination ${i}`, username: `coord.course${i}`, next: NEXT, confirm: NEXT }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).to.deep.equal([303, 403, 403, 403, 403, 403]);
    for (const refused of answers.filter((r) => r.status === 403))
      expect(refused.text).to.include('L’installation est déjà faite');
    const coordinators = await User.find({ role: 'coordinator' }).lean();
    expect(coordinators).to.have.length(1);
    // The one that passed logs in; the page is closed from then on.
    await loggedIn(coordinators[0]!.username, NEXT);
    const closed = await supertest(app).get('/installation').expect(303);
    expect(closed.headers.location).to.equal('/connexion');
  });
});
