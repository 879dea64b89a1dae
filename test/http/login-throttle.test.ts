import { expect } from 'chai';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { loginLimits } from '../../src/features/accounts/index.js';
import { loginSucceeded, reserveLoginAttempt } from '../../src/features/accounts/login-throttle.js';
import { csrfFor, makeUser, newAgent, PASSWORD, type Agent } from '../helpers/http.js';
import { clearDatabase, logger, testConfig } from '../helpers/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tryLogin(agent: Agent, token: string, username: string, password: string, headers: Record<string, string> = {}) {
  return agent.post('/connexion').set(headers).type('form').send({ _csrf: token, username, password });
}

const loginKeys = async (prefix: string) =>
  (
    await mongoose.connection
      .db!.collection('rate_limits')
      .find({ key: { $regex: `^${prefix}` } })
      .toArray()
  ).map((d) => String(d.key));

// Spaces around, capitals, full-width letters: one username, one counter.
const SPELLINGS = ['josiane.test', ' josiane.test', 'Josiane.Test ', 'JOSIANE.TEST', 'ｊｏｓｉａｎｅ.ｔｅｓｔ'];

describe('login throttling (HTTP, real database)', () => {
  const limit = () => testConfig().LOGIN_FAILURES_BEFORE_BLOCK;

  beforeEach(async () => {
    await clearDatabase();
  });

  it('checks at most the limit of 40 parallel wrong passwords, whatever the spelling of the username', async function () {
    this.timeout(60_000);
    // A block longer than the burst, however slow the machine: the count must be exact.
    const app = await createApp({ config: { ...testConfig(), LOGIN_BLOCK: 600_000, LOGIN_BLOCK_MAX: 600_000 }, logger });
    await makeUser('josiane.test', 'resident');
    const agent = supertest.agent(app);
    const token = await csrfFor(agent, '/connexion');
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => tryLogin(agent, token, SPELLINGS[i % SPELLINGS.length]!, `faux-${i}`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).to.have.length(limit());
    expect(statuses.filter((s) => s === 429)).to.have.length(40 - limit());
    expect(answers.find((r) => r.status === 429)!.text).to.include('Trop d’essais. Réessayez dans 10 minutes.');
    expect(await loginKeys('login-user:')).to.deep.equal(['login-user:josiane.test']);
    await tryLogin(agent, token, 'josiane.test', PASSWORD).expect(429);
  });

  it('slows a username down for a short while, then lets the owner in and forgets the failures', async function () {
    this.timeout(60_000);
    await makeUser('josiane.test', 'resident');
    const agent = await newAgent();
    const token = await csrfFor(agent, '/connexion');
    for (let i = 0; i < limit(); i++) await tryLogin(agent, token, SPELLINGS[i % SPELLINGS.length]!, 'faux').expect(401);
    const blocked = await tryLogin(agent, token, 'josiane.test', PASSWORD).expect(429);
    expect(blocked.text).to.match(/Trop d’essais. Réessayez dans \d+ secondes?\./);
    const wait = Number(blocked.headers['retry-after']);
    expect(wait).to.be.within(1, testConfig().LOGIN_BLOCK / 1000);
    await sleep(wait * 1000 + 300);
    await tryLogin(agent, token, ' Josiane.Test', PASSWORD).expect(303);
    expect(await loginKeys('login-user:')).to.deep.equal([]);
  });

  it('lets a whole room behind one router mistype (30 people, 3 failures each), then refuses that address', async () => {
    const limits = loginLimits(testConfig());
    const now = new Date();
    const room = '192.0.2.10';
    const people = Array.from({ length: 30 }, (_, i) => `voisin${i}.test`);
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(people.map((name) => reserveLoginAttempt(name, room, limits, now)));
      expect(answers.every((a) => a.allowed)).to.equal(true);
    }
    const more = Array.from({ length: limits.addressFailures - 90 + 10 }, (_, i) => `autre${i}.test`);
    const answers = await Promise.all(more.map((name) => reserveLoginAttempt(name, room, limits, now)));
    expect(answers.filter((a) => !a.allowed)).to.have.length(10);
    // A success gives the address its point back.
    await loginSucceeded('voisin0.test', room, limits, now);
    expect((await reserveLoginAttempt('voisin0.test', room, limits, now)).allowed).to.equal(true);
  });

  it('ignores X-Forwarded-For from a peer that is not the configured proxy', async () => {
    expect(testConfig().TRUST_PROXY).to.equal(false);
    const agent = await newAgent();
    const token = await csrfFor(agent, '/connexion');
    for (let i = 0; i < 3; i++) {
      await tryLogin(agent, token, 'personne', 'faux', { 'X-Forwarded-For': `203.0.113.${i}` }).expect(401);
    }
    const keys = await loginKeys('login-address:');
    expect(keys).to.have.length(1);
    expect(keys[0]).to.match(/^login-address:(::ffff:)?127\.0\.0\.1$/);

    // The certificate check's limit too: 60 checks, then refused, whatever the header says.
    const visitor = await newAgent();
    for (let i = 0; i < testConfig().VERIFY_LIMIT; i++) {
      await visitor.get('/verifier/KRN-2222-2222').set('X-Forwarded-For', `198.51.100.${i}`).expect(404);
    }
    await visitor.get('/verifier/KRN-2222-2222').set('X-Forwarded-For', '198.51.100.250').expect(429);
    expect(await loginKeys('verify:')).to.have.length(1);
  });

  it('follows X-Forwarded-For from a configured proxy', async () => {
    const app = await createApp({ config: { ...testConfig(), TRUST_PROXY: ['loopback'] }, logger });
    const agent = supertest.agent(app);
    const token = await csrfFor(agent, '/connexion');
    await tryLogin(agent, token, 'personne', 'faux', { 'X-Forwarded-For': '203.0.113.7' }).expect(401);
    expect(await loginKeys('login-address:')).to.deep.equal(['login-address:203.0.113.7']);
  });
});
