/**
 * Sessions and their accounts kept in memory for SESSION_CACHE (session-cache.ts), on the
 * real engine, with two apps on one database as two instances: within the time a signed-in
 * request reads neither; this instance's logout and account changes apply at once; another
 * instance's logout, and an account written behind the app's back, apply after at most
 * SESSION_CACHE (here 1.5 s, run past).
 */
import { expect } from 'chai';
import type { Express } from 'express';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { setLargeText } from '../../src/features/accounts/index.js';
import { User } from '../../src/features/accounts/user.model.js';
import { csrfOf, makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase, configWith, logger } from '../helpers/test-env.js';

const CACHE_MS = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Who the page says is logged in, or null. */
const signedInAs = (html: string) => /<p class="who">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
const largeText = (html: string) => /<html[^>]*class="large-text"/.test(html);

/** Logs in on `app` through the form; the session cookie's value. */
async function login(app: Express, username: string): Promise<string> {
  const page = await supertest(app).get('/connexion').expect(200);
  const cookies = ([] as string[]).concat((page.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => c.split(';')[0]);
  const res = await supertest(app)
    .post('/connexion')
    .set('Cookie', cookies.join('; '))
    .type('form')
    .send({ _csrf: csrfOf(page.text), username, password: PASSWORD })
    .expect(303);
  const sid = ([] as string[])
    .concat((res.headers['set-cookie'] as unknown as string[]) ?? [])
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('krn.sid='));
  if (!sid) throw new Error('no session cookie');
  return sid;
}

/** The reads of sessions and accounts that `fn` sends to the database. */
async function readsDuring(fn: () => Promise<unknown>): Promise<{ sessions: number; users: number }> {
  const reads = { sessions: 0, users: 0 };
  mongoose.set('debug', (collection: string, method: string) => {
    if (!method.startsWith('find')) return;
    if (collection === 'sessions') reads.sessions++;
    if (collection === 'users') reads.users++;
  });
  try {
    await fn();
  } finally {
    mongoose.set('debug', false);
  }
  return reads;
}

describe('sessions and accounts kept in memory a moment (SESSION_CACHE, HTTP, real database)', () => {
  let one: Express;
  let two: Express;

  before(async () => {
    const config = configWith({ SESSION_CACHE: `${CACHE_MS}ms` });
    [one, two] = [await createApp({ config, logger }), await createApp({ config, logger })];
  });

  beforeEach(async () => {
    await clearDatabase();
  });

  it('reads neither within SESSION_CACHE; a logout applies at once on its instance, within SESSION_CACHE on the other', async function () {
    this.timeout(30_000);
    await makeUser('lea.cache', 'resident');
    const sid = await login(one, 'lea.cache');
    // The catalogue reads no account of its own: every read counted is the request's.
    const home = (app: Express) => supertest(app).get('/ateliers').set('Cookie', sid).expect(200);

    // The login wrote the session through the cache: ten pages read the account once, and
    // each again only once its copy is SESSION_CACHE old (a busy machine is slow).
    const started = Date.now();
    const reads = await readsDuring(async () => {
      for (let i = 0; i < 10; i++) expect(signedInAs((await home(one)).text)).to.include('lea.cache');
    });
    const renewals = Math.floor((Date.now() - started) / CACHE_MS);
    expect(reads.sessions).to.be.at.most(renewals);
    expect(reads.users).to.be.within(1, 1 + renewals);
    expect(reads.sessions + reads.users).to.be.below(10);

    // The other instance reads them once, then keeps them too.
    expect(signedInAs((await home(two)).text)).to.include('lea.cache');
    // The logout form's token, with the token's cookie that comes with it.
    const page = await home(one);
    const tokenCookies = ([] as string[])
      .concat((page.headers['set-cookie'] as unknown as string[]) ?? [])
      .map((c) => c.split(';')[0]);
    await supertest(one)
      .post('/deconnexion')
      .set('Cookie', [sid, ...tokenCookies].join('; '))
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    const loggedOutAt = Date.now();
    // A visitor is sent to the login page. This instance: at once.
    const visitor = (app: Express) => supertest(app).get('/ateliers').set('Cookie', sid).expect(303);
    expect((await visitor(one)).headers.location).to.match(/^\/connexion/);
    // The other: at the latest when its copy is SESSION_CACHE old.
    await sleep(Math.max(0, loggedOutAt + CACHE_MS + 100 - Date.now()));
    expect((await visitor(two)).headers.location).to.match(/^\/connexion/);
  });

  it('an account changed through the app applies at once; written behind its back, within SESSION_CACHE', async function () {
    this.timeout(30_000);
    const { user } = await makeUser('yann.cache', 'resident');
    const sid = await login(one, 'yann.cache');
    const home = () => supertest(one).get('/').set('Cookie', sid).expect(200);
    expect(largeText((await home()).text)).to.equal(false);

    // Through the accounts' service (updateUser): every cache of the process forgets it.
    await setLargeText(user.id, true);
    expect(largeText((await home()).text)).to.equal(true);

    // Written as another instance would, unseen by this one: the copy serves until it is too old.
    await User.updateOne({ _id: user.id }, { $set: { largeText: false } });
    const writtenAt = Date.now();
    await sleep(Math.max(0, writtenAt + CACHE_MS + 100 - Date.now()));
    expect(largeText((await home()).text)).to.equal(false);
  });

  it('keeps nothing with SESSION_CACHE=0: each request reads its session and its account', async function () {
    this.timeout(30_000);
    const app = await createApp({ config: configWith({ SESSION_CACHE: '0ms' }), logger });
    await makeUser('anna.cache', 'resident');
    const sid = await login(app, 'anna.cache');
    const reads = await readsDuring(async () => {
      for (let i = 0; i < 3; i++) await supertest(app).get('/ateliers').set('Cookie', sid).expect(200);
    });
    expect(reads).to.deep.equal({ sessions: 3, users: 3 });
  });
});
