/**
 * Login sessions and CSRF on the real engine: visitors get no stored session, forged
 * posts are refused, a session ends at its configured lifetime and the maintenance job
 * purges it on its configured interval, and after every job many parallel requests of
 * several accounts each get their own page.
 */
import { expect } from 'chai';
import type { Express } from 'express';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import type { SessionData } from 'express-session';
import {
  DatabaseSessionStore,
  endSessionsOfUser,
  purgeExpiredSessions,
  StoredSessionModel,
} from '../../src/platform/sessions.js';
import { featureJobs } from '../../src/jobs.js';
import { runMaintenance, startMaintenance } from '../../src/platform/maintenance.js';
import { RATE_LIMITS_COLLECTION } from '../../src/platform/rate-limits.js';
import { csrfOf, loggedIn, makeUser, newAgent, PASSWORD, type Agent } from '../helpers/http.js';
import { clearDatabase, configWith, getApp, logger } from '../helpers/test-env.js';

const sessions = () =>
  mongoose.connection.db!.collection<{ _id: string; [field: string]: unknown }>(StoredSessionModel.collection.collectionName);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Headers = { headers: Record<string, unknown> };
const setCookies = (res: Headers): string[] => ([] as string[]).concat((res.headers['set-cookie'] as string[]) ?? []);
/** The `name=value` pairs that a response sets, by name. */
function cookiesOf(res: Headers): Record<string, string> {
  return Object.fromEntries(setCookies(res).map((c) => c.split(';')[0]!.split(/=(.*)/s).slice(0, 2) as [string, string]));
}
const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

/** Who the page says is logged in ("Votre compte : x."), or null. */
const signedInAs = (html: string) => /<p class="who">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

/** A visitor's login page: its token and the cookies that came with it. */
async function visitorForm(app: Express) {
  const res = await supertest(app).get('/connexion').expect(200);
  return { token: csrfOf(res.text), cookies: cookiesOf(res) };
}

describe('login sessions and CSRF (HTTP, real database)', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  it('stores no session for visitors, and only the login creates one, with the user id', async () => {
    const app = await getApp();
    for (let i = 0; i < 50; i++) {
      for (const url of ['/connexion', '/verifier', '/']) {
        const res = await supertest(app).get(url).expect(200);
        expect(
          setCookies(res).filter((c) => c.startsWith('krn.sid=')),
          url,
        ).to.deep.equal([]);
      }
    }
    // The same visitor coming back, with the cookies of the form.
    const agent = await newAgent();
    for (let i = 0; i < 5; i++) await agent.get('/connexion').expect(200);
    expect(await sessions().countDocuments({})).to.equal(0);

    const { user } = await makeUser('marie.sess', 'resident');
    await loggedIn('marie.sess');
    const stored = await sessions().find({}).toArray();
    expect(stored).to.have.length(1);
    expect(stored[0]!.user).to.equal(user.id);
    expect(stored[0]!.expires).to.be.instanceOf(Date);
  });

  it('refuses forged posts: no token, the token of another visitor, a token with another cookie, a token from before login', async () => {
    await makeUser('marie.sess', 'resident');
    const app = await getApp();
    const login = { username: 'marie.sess', password: PASSWORD };
    const a = await visitorForm(app);
    const b = await visitorForm(app);
    expect(a.token).to.not.equal(b.token);
    const post = (jar: Record<string, string>, body: Record<string, string>, url = '/connexion') =>
      supertest(app).post(url).set('Cookie', cookieHeader(jar)).type('form').send(body);

    const refused = [
      await post(a.cookies, login), // no token
      await post({}, { ...login, _csrf: a.token }), // no cookie
      await post(a.cookies, { ...login, _csrf: b.token }), // another visitor's token
      // Another visitor's token with their token cookie, but this visitor's own id cookie.
      await post(
        { ...b.cookies, ...Object.fromEntries(Object.entries(a.cookies).filter(([k]) => k.includes('visitor'))) },
        {
          ...login,
          _csrf: b.token,
        },
      ),
      // The token cookie without the visitor cookie it was issued to.
      await post(Object.fromEntries(Object.entries(a.cookies).filter(([k]) => !k.includes('visitor'))), {
        ...login,
        _csrf: a.token,
      }),
    ];
    for (const res of refused) {
      expect(res.status).to.equal(403);
      expect(res.text).to.include('Le formulaire a expiré');
    }
    // The right token in a header with a JSON body: not a form at all, refused before any check.
    const json = await supertest(app)
      .post('/connexion')
      .set('Cookie', cookieHeader(a.cookies))
      .set('X-CSRF-Token', a.token)
      .send(login);
    expect(json.status).to.equal(415);
    expect(json.text).to.include('n’est pas un formulaire');
    expect(await sessions().countDocuments({})).to.equal(0);

    // The visitor's own token works, and the login sends a new token bound to the session.
    const ok = await post(a.cookies, { ...login, _csrf: a.token }).expect(303);
    const after = { ...a.cookies, ...cookiesOf(ok) };
    expect(Object.keys(cookiesOf(ok)))
      .to.include('krn.sid')
      .and.include('krn.csrf');
    // The token from before login is refused once logged in (here on the logout form).
    const stale = { ...after, 'krn.csrf': a.cookies['krn.csrf']! };
    await post(stale, { _csrf: a.token }, '/deconnexion').expect(403);
    const home = await supertest(app).get('/').set('Cookie', cookieHeader(after)).expect(200);
    expect(signedInAs(home.text)).to.include('marie.sess');
    // The token of the logged-in pages works.
    await post(after, { _csrf: csrfOf(home.text) }, '/deconnexion').expect(303);
    expect(await sessions().countDocuments({})).to.equal(0);
  });

  it('ends a session at its configured lifetime; the maintenance job, on its interval, purges it', async function () {
    this.timeout(30_000);
    const config = configWith({
      SESSION_LIFETIME: '3s',
      SESSION_TOUCH_AFTER: '1s',
      MAINTENANCE_INTERVAL: '400ms',
    });
    const app = await createApp({ config, logger });
    await makeUser('karim.sess', 'leader');
    const { token, cookies } = await visitorForm(app);
    const res = await supertest(app)
      .post('/connexion')
      .set('Cookie', cookieHeader(cookies))
      .type('form')
      .send({ _csrf: token, username: 'karim.sess', password: PASSWORD })
      .expect(303);
    const started = Date.now();
    const maintenance = startMaintenance(logger, config, featureJobs(await getApp()));
    try {
      const sid = cookiesOf(res)['krn.sid']!;
      // The cookie is sent as it was, past its max age, as a careless client would.
      const home = () => supertest(app).get('/').set('Cookie', `krn.sid=${sid}`).expect(200);
      expect(signedInAs((await home()).text)).to.include('karim.sess');
      await sleep(800);
      // The runs of the job within the lifetime (at start, then every 400 ms) leave it alone.
      expect(await sessions().countDocuments({})).to.equal(1);
      await sleep(Math.max(0, started + 3200 - Date.now()));
      expect(signedInAs((await home()).text)).to.equal(null);
      // Past the lifetime and at least one interval: the job has purged it.
      let left = 1;
      for (let waited = 0; waited < 5000 && left > 0; waited += 100) {
        await sleep(100);
        left = await sessions().countDocuments({});
      }
      expect(left).to.equal(0);
    } finally {
      maintenance.stop();
    }
  });

  it('answers each of many parallel requests for the right account after every maintenance job', async function () {
    this.timeout(120_000);
    const accounts = [
      { username: 'coord.one', role: 'coordinator' as const },
      { username: 'leader.two', role: 'leader' as const },
      { username: 'leader.three', role: 'leader' as const },
      { username: 'resident.four', role: 'resident' as const },
      { username: 'resident.five', role: 'resident' as const },
      { username: 'resident.six', role: 'resident' as const },
    ];
    for (const a of accounts) await makeUser(a.username, a.role);
    const agents: [string, Agent][] = [];
    for (const a of accounts) agents.push([a.username, await loggedIn(a.username)]);
    // Something for every job to do: an expired session, an expired rate-limit counter.
    const past = new Date(Date.now() - 60_000);
    await sessions().insertOne({ _id: 'expired-one', data: '{}', user: null, expires: past, touchedAt: past });
    await mongoose.connection.db!.collection(RATE_LIMITS_COLLECTION).insertOne({ key: 'ip:x', points: 1, expire: past });
    const first = await runMaintenance(new Date(), featureJobs(await getApp()));
    expect(first.sessions).to.equal(1);
    expect(first.rateLimits).to.be.at.least(1);
    expect(await sessions().countDocuments({})).to.equal(accounts.length);

    const wrong: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const requests = Array.from({ length: 20 }, (_, i) => agents[(batch + i) % agents.length]!);
      // The jobs run again in the middle of the traffic.
      const [, ...pages] = await Promise.all([
        runMaintenance(new Date(), featureJobs(await getApp())),
        ...requests.map(([name, agent]) => agent.get('/').then((res) => ({ name, res }))),
      ]);
      for (const { name, res } of pages) {
        const who = res.status === 200 ? signedInAs(res.text) : null;
        if (!who?.includes(`: ${name}.`)) wrong.push(`${name}: ${res.status} ${who}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it('store: two first writes of one session keep one document; a touch is skipped within touch-after; an ended session stays ended', async () => {
    const store = new DatabaseSessionStore({ touchAfterMs: 60_000 });
    const call = <T>(fn: (done: (err?: unknown, value?: T) => void) => void) =>
      new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
    const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000), httpOnly: true, path: '/' };
    const times = { idleMs: 60_000, endsAt: Date.now() + 60_000 };
    const sess = (user: string) => ({ cookie, passport: { user }, ...times }) as unknown as SessionData;
    await Promise.all([call((d) => store.set('sid-1', sess('u1'), d)), call((d) => store.set('sid-1', sess('u1'), d))]);
    expect(await sessions().countDocuments({ _id: 'sid-1' })).to.equal(1);

    const read = (await call<SessionData | null>((d) => store.get('sid-1', d)))!;
    expect(read.passport).to.deep.equal({ user: 'u1' });
    const before = (await sessions().findOne({ _id: 'sid-1' }))!.touchedAt;
    await call((d) => store.touch('sid-1', read, d));
    expect((await sessions().findOne({ _id: 'sid-1' }))!.touchedAt).to.deep.equal(before);

    // Ended (e.g. by an erasure) while a request of that session was running: not written back.
    expect(await endSessionsOfUser('u1')).to.equal(1);
    await call((d) => store.set('sid-1', read, d));
    await call((d) => store.touch('sid-1', { ...read, storedAt: 0 }, d));
    expect(await sessions().countDocuments({})).to.equal(0);
    expect(await call((d) => store.get('sid-1', d))).to.equal(null);
  });

  it('reads a session with a filter on `_id` alone, which the engine runs in SQL', async () => {
    const query = DatabaseSessionStore.find('some-session-id');
    expect(query.getFilter()).to.deep.equal({ _id: 'some-session-id' });
    const plan = (await query.explain()) as { filterPushdown?: boolean };
    expect(plan.filterPushdown).to.equal(true);
    expect(await purgeExpiredSessions(new Date())).to.equal(0);
  });
});
