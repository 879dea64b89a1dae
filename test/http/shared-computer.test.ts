/**
 * A shared computer forgets (HTTP, real engine): residents' cookies end with the browser,
 * every session ends after its idle time (made a few seconds here, and run past), leaders'
 * and coordinators' after the day's length however active, the warning page and the
 * one-click "Rester connecté", a password change that ends the other sessions and gives
 * the current one a new id, https cookies and HSTS, and the language that never outlives
 * the session.
 */
import { expect } from 'chai';
import type { Express } from 'express';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { User } from '../../src/features/accounts/user.model.js';
import { ConfigError } from '../../src/config.js';
import { csrfOf, makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase, configWith, getApp, logger } from '../helpers/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sessions = () => mongoose.connection.db!.collection<{ _id: string; user: string | null; expires: Date }>('sessions');

type Headers = { headers: Record<string, unknown> };
const setCookies = (res: Headers): string[] => ([] as string[]).concat((res.headers['set-cookie'] as string[]) ?? []);
const cookieNamed = (res: Headers, name: string) => setCookies(res).find((c) => c.startsWith(`${name}=`));
/** The session id inside a signed session cookie (`s:<id>.<signature>`). */
const sidOf = (cookie: string) => /^s:([^.]+)\./.exec(decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!))![1]!;
/** Who the page says is logged in ("Votre compte : x."), or null. */
const signedInAs = (html: string) => /<p class="who">([^<]*)<\/p>/.exec(html)?.[1] ?? null;

/** Logs in through the login page; `partage` ticks "Ordinateur partagé". */
async function logIn(app: Express, username: string, opts: { partage?: boolean; password?: string } = {}) {
  const agent = supertest.agent(app);
  const page = await agent.get('/connexion').expect(200);
  const res = await agent
    .post('/connexion')
    .type('form')
    .send({
      _csrf: csrfOf(page.text),
      username,
      password: opts.password ?? PASSWORD,
      ...(opts.partage ? { partage: 'oui' } : {}),
    })
    .expect(303);
  return { agent, res, at: Date.now() };
}

/** The seconds and the address of a page's refresh for browsers without JavaScript. */
function refreshOf(html: string): { seconds: number; url: string } | null {
  const m = /<noscript><meta http-equiv="refresh" content="(\d+); url=([^"]+)"><\/noscript>/.exec(html);
  return m ? { seconds: Number(m[1]), url: m[2]! } : null;
}

describe('a shared computer forgets (HTTP, real engine)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await clearDatabase();
  });

  it('gives a resident a cookie that ends with the browser, a leader one that ends 8 hours after login, and none on a shared computer', async () => {
    const app = await getApp();
    await makeUser('marie.partage', 'resident');
    await makeUser('anim.partage', 'leader');
    const resident = await logIn(app, 'marie.partage');
    const leader = await logIn(app, 'anim.partage');
    const leaderShared = await logIn(app, 'anim.partage', { partage: true });

    const residentCookie = cookieNamed(resident.res, 'krn.sid')!;
    expect(residentCookie).to.match(/; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(residentCookie).to.not.match(/Expires|Max-Age/i);
    expect(cookieNamed(leaderShared.res, 'krn.sid')).to.not.match(/Expires|Max-Age/i);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookieNamed(leader.res, 'krn.sid')!)![1]!);
    expect(expires - leader.at).to.be.within(8 * 3600_000 - 60_000, 8 * 3600_000 + 1000);

    // The stored end: 20 minutes idle for the resident, 5 on the shared computer, 60 for the leader.
    const endOf = async (res: Headers) =>
      (await sessions().findOne({ _id: sidOf(cookieNamed(res, 'krn.sid')!) }))!.expires.getTime();
    expect((await endOf(resident.res)) - resident.at).to.be.within(20 * 60_000 - 30_000, 20 * 60_000 + 1000);
    expect((await endOf(leaderShared.res)) - leaderShared.at).to.be.within(5 * 60_000 - 30_000, 5 * 60_000 + 1000);
    expect((await endOf(leader.res)) - leader.at).to.be.within(60 * 60_000 - 30_000, 60 * 60_000 + 1000);

    // The page says when, and "Se déconnecter" is in the header, outside the menu.
    const home = await resident.agent.get('/').expect(200);
    expect(home.text).to.match(/Sans activité, déconnexion à <span class="session-time">\d\d:\d\d<\/span>\./);
    expect(home.text).to.match(
      /<div class="header-actions">[\s\S]*action="\/deconnexion"[\s\S]*Se déconnecter[\s\S]*<\/div>\s*<\/div>\s*<nav class="wrap main-nav"/,
    );
  });

  it('ends a session after its idle time from the last request; the warning page and the status check do not count', async () => {
    const app = await createApp({ config: configWith({ RESIDENT_IDLE_TIMEOUT: '6s', IDLE_WARNING_BEFORE: '2s' }), logger });
    await makeUser('karim.idle', 'resident');
    const { agent, at } = await logIn(app, 'karim.idle');
    await sleep(Math.max(0, at + 3000 - Date.now()));
    // Activity at 3 s: the end moves to 9 s.
    const active = Date.now();
    expect(signedInAs((await agent.get('/ateliers').expect(200)).text)).to.include('karim.idle');
    await sleep(Math.max(0, at + 6800 - Date.now()));
    expect(signedInAs((await agent.get('/ma-progression').expect(200)).text), 'past the first end').to.include('karim.idle');

    // From now on only the warning page and the status check: they never keep the session.
    const lastActivity = Date.now();
    const warning = await agent.get('/session?retour=%2Fma-progression').expect(200);
    expect(warning.text).to.include('Êtes-vous toujours là\u202f?').and.include('/session/prolonger');
    const left: number[] = [];
    for (;;) {
      const status = (await agent.get('/session/etat').expect(200)).body as { active: boolean; endsInMs?: number };
      if (!status.active) break;
      left.push(status.endsInMs!);
      expect(Date.now() - lastActivity, 'still active long after the idle time').to.be.below(6000 + 3000);
      await sleep(700);
    }
    expect(left.length).to.be.greaterThan(2);
    expect(left, 'the end never moves').to.deep.equal([...left].sort((x, y) => y - x));
    expect(Date.now() - active).to.be.at.least(6000);

    // Gone: the next page sends to the login page, which says why and drops the cookie.
    const after = await agent.get('/ma-progression').expect(303);
    expect(after.headers.location).to.equal('/connexion?fin=1&retour=%2Fma-progression');
    const login = await agent.get(after.headers.location as string).expect(200);
    expect(login.text).to.include('Votre session est terminée');
    expect(cookieNamed(login, 'krn.sid')).to.match(/^krn\.sid=; .*Expires=Thu, 01 Jan 1970/);
    expect(await sessions().countDocuments({ expires: { $gt: new Date() } })).to.equal(0);
  });

  it('warns before the end: the page says when, the warning page and the notice keep the session with one click', async () => {
    const app = await createApp({ config: configWith({ RESIDENT_IDLE_TIMEOUT: '6s', IDLE_WARNING_BEFORE: '2s' }), logger });
    await makeUser('josiane.idle', 'resident');
    const { agent, at } = await logIn(app, 'josiane.idle');

    // A page without fields opens the warning page 2 s before the end (without JavaScript);
    // a page with fields waits for the end, so that nothing typed is thrown away.
    const reading = await agent.get('/ma-progression').expect(200);
    expect(refreshOf(reading.text)).to.deep.equal({ seconds: 4, url: '/session?retour=%2Fma-progression' });
    expect(reading.text).to.match(/id="session-end" data-ends-in-ms="\d+" data-warning-ms="2000"/);
    expect(reading.text).to.match(/<div id="session-notice" class="session-notice" role="alertdialog"[^>]* hidden>/);
    const typing = await agent.get('/mot-de-passe').expect(200);
    expect(refreshOf(typing.text)!.seconds).to.be.within(7, 8);
    expect(refreshOf(typing.text)!.url).to.equal('/session?retour=%2Fmot-de-passe');

    // The warning page: when it ends, "Rester connecté" back to the page; its own refresh at the end.
    await sleep(Math.max(0, at + 4300 - Date.now()));
    const warning = await agent.get('/session?retour=%2Fma-progression').expect(200);
    expect(warning.text)
      .to.include('Êtes-vous toujours là\u202f?')
      .and.match(/votre session se termine à \d\d:\d\d/);
    expect(warning.text).to.include('name="retour" value="/ma-progression"');
    expect(warning.text).to.not.include('id="session-notice"');
    expect(refreshOf(warning.text)!.url).to.equal('/session?retour=%2Fma-progression');
    expect(refreshOf(warning.text)!.seconds).to.be.within(1, 4);
    const kept = await agent
      .post('/session/prolonger')
      .type('form')
      .send({ _csrf: csrfOf(warning.text), retour: '/ma-progression' })
      .expect(303);
    expect(kept.headers.location).to.equal('/ma-progression');
    const keptAt = Date.now();
    // Past the first end (6 s), within the new one.
    await sleep(Math.max(0, at + 7500 - Date.now()));
    expect(Date.now() - keptAt).to.be.below(6000);
    const page = await agent.get('/ma-progression').expect(200);
    expect(signedInAs(page.text)).to.include('josiane.idle');

    // The in-page notice's click: the new end as JSON, the page stays as it is.
    const json = await agent
      .post('/session/prolonger')
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(200);
    expect(json.body.active).to.equal(true);
    expect(json.body.endsInMs).to.be.within(5000, 6000);
    expect(json.body.warnInMs).to.be.within(3000, 4000);

    // Once over, the notice's script learns it and leaves.
    await sleep(6500);
    expect((await agent.get('/session/etat').expect(200)).body).to.deep.equal({ active: false });
    const late = await agent.get('/session?retour=%2Fma-progression').expect(303);
    expect(late.headers.location).to.equal('/connexion?fin=1&retour=%2Fma-progression');
  });

  it('ends a leader’s session at the end of its day however active (here 8 s), and 5 minutes idle on a shared computer (here 3 s)', async () => {
    const app = await createApp({
      config: configWith({
        SESSION_LIFETIME: '8s',
        SESSION_TOUCH_AFTER: '1s',
        SHARED_COMPUTER_IDLE_TIMEOUT: '3s',
        IDLE_WARNING_BEFORE: '1s',
      }),
      logger,
    });
    await makeUser('anim.jour', 'leader');
    await makeUser('coord.jour', 'coordinator');
    const leader = await logIn(app, 'anim.jour');
    const shared = await logIn(app, 'coord.jour', { partage: true });
    // The leader keeps working; the coordinator on the shared computer does nothing.
    while (Date.now() < leader.at + 5000) {
      expect(signedInAs((await leader.agent.get('/').expect(200)).text)).to.include('anim.jour');
      await sleep(1000);
    }
    expect(signedInAs((await shared.agent.get('/').expect(200)).text), 'shared, idle 3 s').to.equal(null);
    await sleep(Math.max(0, leader.at + 8500 - Date.now()));
    expect(signedInAs((await leader.agent.get('/').expect(200)).text), 'past the day').to.equal(null);
  });

  it('ends the other sessions of an account when its password changes, and gives this one a new id', async () => {
    const app = await getApp();
    await makeUser('yann.mdp', 'resident');
    await makeUser('autre.mdp', 'resident');
    const here = await logIn(app, 'yann.mdp');
    const elsewhere = await logIn(app, 'yann.mdp');
    const someoneElse = await logIn(app, 'autre.mdp');
    const before = sidOf(cookieNamed(here.res, 'krn.sid')!);
    const { user } = await makeUser('yann.mdp', 'resident');
    expect(await sessions().countDocuments({ user: user.id })).to.equal(2);

    // A wrong current password changes nothing.
    const form = await here.agent.get('/mot-de-passe').expect(200);
    const NEW = 'un-tout-nouveau-mot-de-passe';
    await here.agent
      .post('/mot-de-passe')
      .type('form')
      .send({ _csrf: csrfOf(form.text), current: 'pas-le-bon', next: NEW, confirm: NEW })
      .expect(422);
    expect(await sessions().countDocuments({ user: user.id })).to.equal(2);

    const changed = await here.agent
      .post('/mot-de-passe')
      .type('form')
      .send({ _csrf: csrfOf(form.text), current: PASSWORD, next: NEW, confirm: NEW })
      .expect(200);
    expect(changed.text).to.include('Votre nouveau mot de passe est enregistré');
    const after = sidOf(cookieNamed(changed, 'krn.sid')!);
    expect(after).to.not.equal(before);
    // This session goes on under its new id; the other one of the account is over.
    expect((await sessions().find({ user: user.id }).toArray()).map((s) => s._id)).to.deep.equal([after]);
    expect(signedInAs((await here.agent.get('/').expect(200)).text)).to.include('yann.mdp');
    const ended = await elsewhere.agent.get('/mes-certificats').expect(303);
    expect(ended.headers.location).to.equal('/connexion?fin=1&retour=%2Fmes-certificats');
    expect(signedInAs((await someoneElse.agent.get('/').expect(200)).text)).to.include('autre.mdp');
    // The old id, sent as it was, opens nothing.
    const stale = await supertest(app).get('/').set('Cookie', cookieNamed(here.res, 'krn.sid')!.split(';')[0]!).expect(200);
    expect(signedInAs(stale.text)).to.equal(null);
    // And the page's forms work with the new session's token.
    const home = await here.agent.get('/').expect(200);
    await here.agent
      .post('/deconnexion')
      .type('form')
      .send({ _csrf: csrfOf(home.text) })
      .expect(303);
  });

  it('keeps the language of a session or of the account, never in a long-lived cookie; ?lng= never changes the account', async () => {
    const app = await getApp();
    await makeUser('lea.langue', 'resident');
    // A visitor's choice lasts as long as the browser.
    const visitor = await supertest(app).get('/connexion?lng=en').expect(200);
    expect(visitor.text).to.match(/<html lang="en"/);
    expect(cookieNamed(visitor, 'krn.lang')).to.match(/^krn\.lang=en; Path=\/; HttpOnly; SameSite=Lax$/);
    expect((await supertest(app).get('/connexion').expect(200)).text, 'the next visitor').to.match(/<html lang="fr"/);

    // Logged in: the link changes this session only.
    const { agent } = await logIn(app, 'lea.langue');
    expect((await agent.get('/?lng=en').expect(200)).text).to.match(/<html lang="en"/);
    expect((await agent.get('/ateliers').expect(200)).text).to.match(/<html lang="en"/);
    expect((await User.findOne({ username: 'lea.langue' }).lean())!.locale).to.equal('fr');
    const other = await logIn(app, 'lea.langue');
    expect((await other.agent.get('/').expect(200)).text, 'another session').to.match(/<html lang="fr"/);

    // The account's own setting: every session, until a link changes one.
    const settings = await other.agent.get('/mon-compte').expect(200);
    expect(settings.text).to.include('Langue de l’application');
    const saved = await other.agent
      .post('/mon-compte')
      .type('form')
      .send({ _csrf: csrfOf(settings.text), langue: 'en' })
      .expect(303);
    expect(saved.headers.location).to.equal('/mon-compte?fait=1');
    expect((await other.agent.get('/mon-compte?fait=1').expect(200)).text).to.include('Saved.');
    expect((await User.findOne({ username: 'lea.langue' }).lean())!.locale).to.equal('en');
    const third = await logIn(app, 'lea.langue');
    expect((await third.agent.get('/').expect(200)).text).to.match(/<html lang="en"/);
    expect((await third.agent.get('/?lng=fr').expect(200)).text).to.match(/<html lang="fr"/);
    expect((await User.findOne({ username: 'lea.langue' }).lean())!.locale).to.equal('en');
    // A refused value: the form again, in French or English, nothing stored.
    const page = await third.agent.get('/mon-compte').expect(200);
    await third.agent
      .post('/mon-compte')
      .type('form')
      .send({ _csrf: csrfOf(page.text), langue: 'de' })
      .expect(422);
    expect((await User.findOne({ username: 'lea.langue' }).lean())!.locale).to.equal('en');

    // A visitor's choice goes into the session at login, then the browser forgets it.
    const browser = supertest.agent(app);
    const en = await browser.get('/connexion?lng=en').expect(200);
    const login = await browser
      .post('/connexion')
      .type('form')
      .send({ _csrf: csrfOf(en.text), username: 'lea.langue', password: PASSWORD })
      .expect(303);
    expect(cookieNamed(login, 'krn.lang')).to.match(/^krn\.lang=; .*Expires=Thu, 01 Jan 1970/);
    const home = await browser.get('/').expect(200);
    expect(home.text).to.match(/<html lang="en"/);
    const out = await browser
      .post('/deconnexion')
      .type('form')
      .send({ _csrf: csrfOf(home.text) })
      .expect(303);
    expect(cookieNamed(out, 'krn.sid')).to.match(/^krn\.sid=; .*Expires=Thu, 01 Jan 1970/);
    expect((await browser.get('/connexion').expect(200)).text, 'after logout').to.match(/<html lang="fr"/);
  });

  it('with an https address in production: HSTS and Secure __Host- cookies behind the proxy, or a refusal to start', async () => {
    const https = { NODE_ENV: 'production', PUBLIC_URL: 'https://numerique.example.fr' };
    expect(() => configWith(https)).to.throw(ConfigError, /BEHIND_HTTPS_PROXY/);
    const app = await createApp({ config: configWith({ ...https, BEHIND_HTTPS_PROXY: 'true' }), logger });
    await makeUser('marie.https', 'resident');
    // Behind the proxy (loopback, trusted by default), which says the request came over https.
    const proxied = (req: supertest.Test, cookies: string[] = []) =>
      req.set('X-Forwarded-Proto', 'https').set('Cookie', cookies.map((c) => c.split(';')[0]!).join('; '));

    const page = await proxied(supertest(app).get('/connexion?lng=en')).expect(200);
    expect(page.headers['strict-transport-security']).to.match(/max-age=\d{7,}/);
    const visitorCookies = setCookies(page);
    for (const name of ['__Host-krn.csrf', '__Host-krn.visitor', '__Host-krn.lang']) {
      const cookie = visitorCookies.find((c) => c.startsWith(`${name}=`));
      expect(cookie, name).to.match(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    }
    expect(visitorCookies.join('\n')).to.not.match(/Domain=|Expires=|Max-Age=/i);

    const login = await proxied(supertest(app).post('/connexion'), visitorCookies)
      .type('form')
      .send({ _csrf: csrfOf(page.text), username: 'marie.https', password: PASSWORD })
      .expect(303);
    const session = cookieNamed(login, '__Host-krn.sid');
    expect(session).to.match(/^__Host-krn\.sid=s%3A[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const home = await proxied(supertest(app).get('/'), [session!]).expect(200);
    expect(signedInAs(home.text)).to.include('marie.https');
    expect(home.headers['strict-transport-security']).to.match(/max-age=/);
  });
});
