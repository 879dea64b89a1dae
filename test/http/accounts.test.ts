import { expect } from 'chai';
import { clearDatabase, restartDatabase, testConfig } from '../helpers/test-env.js';
import { Site } from '../../src/features/sites/site.model.js';
import { User } from '../../src/features/accounts/user.model.js';
import { csrfFor, csrfOf, loggedIn, makeUser, newAgent, PASSWORD, postForm } from '../helpers/http.js';

describe('accounts (HTTP, real database)', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  it('serves the home page in French by default, with <html lang="fr">', async () => {
    const agent = await newAgent();
    const res = await agent.get('/').expect(200);
    expect(res.text).to.match(/<html lang="fr">/);
    expect(res.text).to.include('Bienvenue');
  });

  it('answers /healthz with the database state', async () => {
    const agent = await newAgent();
    const res = await agent.get('/healthz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok', database: 'connected', background: null });
  });

  it('logs in with the right password, with a new session id each time, and logs out by POST', async () => {
    await makeUser('marie.test', 'resident');
    const agent = await newAgent();
    const sid = (r: { headers: Record<string, unknown> }) =>
      ([] as string[])
        .concat((r.headers['set-cookie'] as string[]) ?? [])
        .find((c) => c.startsWith('krn.sid='))
        ?.split(';')[0];
    const logIn = async () => {
      const before = await agent.get('/connexion');
      expect(before.text).to.include('autocomplete="username"').and.include('autocomplete="current-password"');
      // A visitor gets no session: only the login creates one.
      expect(sid(before)).to.equal(undefined);
      const res = await agent
        .post('/connexion')
        .type('form')
        .send({ _csrf: csrfOf(before.text), username: 'Marie.Test', password: PASSWORD })
        .expect(303);
      expect(res.headers.location).to.equal('/');
      return sid(res);
    };
    const first = await logIn();
    expect(first).to.be.a('string');
    const home = await agent.get('/').expect(200);
    expect(home.text).to.include('Bonjour marie.test');

    const token = csrfOf(home.text);
    await agent.post('/deconnexion').type('form').send({ _csrf: token }).expect(303);
    const after = await agent.get('/').expect(200);
    expect(after.text).to.not.include('Bonjour marie.test');
    // The browser still sends the old session cookie: the next login does not reuse its id.
    expect(await logIn())
      .to.be.a('string')
      .and.not.equal(first);
    expect((await agent.get('/').expect(200)).text).to.include('Bonjour marie.test');
  });

  it('refuses a wrong password with one generic message', async () => {
    await makeUser('karim.test', 'resident');
    const agent = await newAgent();
    const wrongPassword = await postForm(
      agent,
      '/connexion',
      '/connexion',
      {
        username: 'karim.test',
        password: 'faux',
      },
      401,
    );
    const unknownUser = await postForm(
      agent,
      '/connexion',
      '/connexion',
      {
        username: 'personne',
        password: 'faux',
      },
      401,
    );
    expect(wrongPassword.text).to.include('Identifiant ou mot de passe incorrect');
    expect(unknownUser.text).to.include('Identifiant ou mot de passe incorrect');
  });

  it('blocks a username for a short while after repeated failures, even with the right password', async () => {
    await makeUser('josiane.test', 'resident');
    const agent = await newAgent();
    for (let i = 0; i < testConfig().LOGIN_FAILURES_BEFORE_BLOCK; i++) {
      await postForm(
        agent,
        '/connexion',
        '/connexion',
        {
          username: 'josiane.test',
          password: 'faux',
        },
        401,
      );
    }
    const res = await postForm(
      agent,
      '/connexion',
      '/connexion',
      {
        username: 'josiane.test',
        password: PASSWORD,
      },
      429,
    );
    expect(res.text).to.match(/Trop d’essais. Réessayez dans \d secondes?\./);
  });

  it('refuses a form without a valid CSRF token', async () => {
    await makeUser('marie.test', 'resident');
    const agent = await newAgent();
    await agent.get('/connexion');
    const res = await agent
      .post('/connexion')
      .type('form')
      .send({ _csrf: 'faux', username: 'marie.test', password: PASSWORD })
      .expect(403);
    expect(res.text).to.include('Le formulaire a expiré');
    await agent.post('/connexion').type('form').send({ username: 'marie.test', password: PASSWORD }).expect(403);
  });

  it('turns the injection attempt username[$ne]=x into a plain refusal', async () => {
    await makeUser('marie.test', 'resident');
    const agent = await newAgent();
    const token = await csrfFor(agent, '/connexion');
    const res = await agent
      .post('/connexion')
      .type('form')
      .send(`_csrf=${encodeURIComponent(token)}&username[$ne]=x&password[$ne]=x`)
      .expect(422);
    expect(res.text).to.include('Écrivez votre identifiant et votre mot de passe');
    const home = await agent.get('/');
    expect(home.text).to.not.include('Bonjour');
  });

  it('answers an empty or over-long field with a clear 400 page, never a 500', async () => {
    const agent = await newAgent();
    let token = await csrfFor(agent, '/connexion');
    const empty = await agent.post('/connexion').type('form').send({ _csrf: token, username: '', password: '' }).expect(422);
    expect(empty.text).to.include('Écrivez votre identifiant');
    token = await csrfFor(agent, '/connexion');
    await agent
      .post('/connexion')
      .type('form')
      .send({ _csrf: token, username: 'a'.repeat(500), password: 'x' })
      .expect(422);

    await makeUser('coord.test', 'coordinator');
    const coord = await loggedIn('coord.test');
    token = await csrfFor(coord, '/comptes');
    const long = await coord
      .post('/comptes')
      .type('form')
      .send({
        _csrf: token,
        displayName: 'x'.repeat(81),
        username: 'nouvel.anim',
        siteId: 'a'.repeat(24),
      })
      .expect(422);
    expect(long.text).to.include('Le champ «\u00a0Nom affiché\u00a0» est trop long');
  });

  it('shows a 403 page when a resident opens a leader page', async () => {
    await makeUser('marie.test', 'resident');
    const agent = await loggedIn('marie.test');
    const res = await agent.get('/comptes').expect(403);
    expect(res.text).to.include('Accès refusé');
  });

  it('sends visitors to the login page and shows a 404 page for unknown paths', async () => {
    const agent = await newAgent();
    const res = await agent.get('/comptes').expect(303);
    expect(res.headers.location).to.equal('/connexion?retour=%2Fcomptes');
    const missing = await agent.get('/nulle-part').expect(404);
    expect(missing.text).to.include('Cette page n’existe pas');
  });

  it('switches to English, and keeps the choice across login', async () => {
    await makeUser('marie.test', 'resident');
    const agent = await newAgent();
    const en = await agent.get('/connexion?lng=en').expect(200);
    expect(en.text)
      .to.match(/<html lang="en">/)
      .and.include('Sign in');
    const res = await agent
      .post('/connexion')
      .type('form')
      .send({
        _csrf: csrfOf(en.text),
        username: 'marie.test',
        password: PASSWORD,
      })
      .expect(303);
    expect(res.headers.location).to.equal('/');
    const home = await agent.get('/').expect(200);
    expect(home.text)
      .to.match(/<html lang="en">/)
      .and.include('Hello marie.test');
    const fr = await agent.get('/?lng=fr').expect(200);
    expect(fr.text).to.match(/<html lang="fr">/);
  });

  it('makes no resident account on a leader’s accounts page: it points to the records', async () => {
    await makeUser('anim.test', 'leader');
    const leader = await loggedIn('anim.test');
    const page = (await leader.get('/comptes').expect(200)).text;
    expect(page).to.not.include('name="firstName"');
    expect(page).to.include('href="/residents"');
    expect(page).to.include('Le compte d’un résident se crée depuis sa fiche.');
    const before = await User.countDocuments({});
    const refused = await postForm(leader, '/comptes', '/comptes', { firstName: 'Aminata', lastName: 'Diallo' }, 403);
    expect(refused.text).to.include('Le compte d’un résident se gère depuis sa fiche.');
    expect(await User.countDocuments({})).to.equal(before);
  });

  it('asks only for the new password after a temporary one (typed at login a moment ago)', async () => {
    await makeUser('anim.provisoire', 'leader', 'Site A', { mustChangePassword: true });
    const agent = await loggedIn('anim.provisoire');
    const gate = await agent.get('/').expect(303);
    expect(gate.headers.location).to.equal('/mot-de-passe');
    const form = (await agent.get('/mot-de-passe').expect(200)).text;
    expect(form).to.not.include('name="current"');
    expect(form).to.include('name="next"');
    // The temporary password again is refused: a password of one's own.
    const same = await postForm(agent, '/mot-de-passe', '/mot-de-passe', { next: PASSWORD, confirm: PASSWORD }, 422);
    expect(same.text).to.include('Le nouveau mot de passe doit être différent');
    const next = 'ma phrase secrète à moi';
    const changed = await postForm(agent, '/mot-de-passe', '/mot-de-passe', { next, confirm: next }, 200);
    expect(changed.text).to.include('Votre nouveau mot de passe est enregistré');
    await agent.get('/').expect(200);
    // Afterwards the current password is asked again: without it, refused.
    expect((await agent.get('/mot-de-passe').expect(200)).text).to.include('name="current"');
    await postForm(
      agent,
      '/mot-de-passe',
      '/mot-de-passe',
      { next: 'encore une autre phrase', confirm: 'encore une autre phrase' },
      422,
    );
    await loggedIn('anim.provisoire', next);
  });

  it('refuses a leader’s reset of a resident’s password on the accounts page (it is on the record)', async () => {
    await makeUser('anim.test', 'leader', 'Site A');
    await makeUser('anim2.test', 'leader', 'Site B');
    const { user: resident } = await makeUser('marie.test', 'resident', 'Site A');
    for (const who of ['anim.test', 'anim2.test']) {
      const leader = await loggedIn(who);
      await leader
        .post(`/comptes/${resident.id}/mot-de-passe`)
        .type('form')
        .send({ _csrf: await csrfFor(leader, '/comptes'), confirm: 'oui' })
        .expect(403);
    }
    await loggedIn('marie.test');
    const list = await (await loggedIn('anim2.test')).get('/comptes').expect(200);
    expect(list.text).to.not.include('marie.test');
  });

  it('lets a coordinator see each leader’s site, reset a leader’s password and deactivate an account', async () => {
    await makeUser('coord.comptes', 'coordinator');
    await makeUser('anim.ouest', 'leader', 'Espace Ouest');
    const { user: leaderUser } = await makeUser('anim.est', 'leader', 'Espace Est');
    const coord = await loggedIn('coord.comptes');
    const list = await coord.get('/comptes').expect(200);
    expect(list.text).to.match(/anim\.est<\/code>[\s\S]*?<td>Espace Est<\/td>/);
    expect(list.text).to.match(/anim\.ouest<\/code>[\s\S]*?<td>Espace Ouest<\/td>/);

    // A reset asks first: its page, then a box to tick; one click changes nothing.
    expect(list.text).to.include(`href="/comptes/${leaderUser.id}/mot-de-passe"`);
    const ask = await coord.get(`/comptes/${leaderUser.id}/mot-de-passe`).expect(200);
    expect(ask.text).to.include('anim.est').and.include('name="confirm"');
    const leader = await loggedIn('anim.est');
    const unconfirmed = await postForm(
      coord,
      `/comptes/${leaderUser.id}/mot-de-passe`,
      `/comptes/${leaderUser.id}/mot-de-passe`,
      {},
      422,
    );
    expect(unconfirmed.text).to.include('Cochez la case pour confirmer.');
    await leader.get('/residents').expect(200);
    // Confirmed: the leader's open session ends, and a temporary password is shown.
    const reset = await postForm(
      coord,
      `/comptes/${leaderUser.id}/mot-de-passe`,
      `/comptes/${leaderUser.id}/mot-de-passe`,
      { confirm: 'oui' },
      200,
    );
    const temporary = /<dd><code>([^<]+)<\/code><\/dd>\s*<\/dl>/.exec(reset.text)![1]!;
    await leader
      .get('/residents')
      .expect(303)
      .expect('Location', /^\/connexion/);

    // Deactivated: the new password no longer opens the account, and an open session ends.
    const again = await loggedIn('anim.est', temporary);
    const off = await coord
      .post(`/comptes/${leaderUser.id}/activation`)
      .type('form')
      .send({ _csrf: await csrfFor(coord, '/comptes'), etat: 'inactif' })
      .expect(303);
    expect(off.headers.location).to.equal('/comptes?fait=desactive');
    await again
      .get('/mot-de-passe')
      .expect(303)
      .expect('Location', /^\/connexion/);
    const refused = await newAgent();
    const token = await csrfFor(refused, '/connexion');
    await refused.post('/connexion').type('form').send({ _csrf: token, username: 'anim.est', password: temporary }).expect(401);
    expect((await coord.get('/comptes').expect(200)).text).to.include('désactivé');

    // Reactivated: the same password works again.
    await coord
      .post(`/comptes/${leaderUser.id}/activation`)
      .type('form')
      .send({ _csrf: await csrfFor(coord, '/comptes'), etat: 'actif' })
      .expect(303);
    await loggedIn('anim.est', temporary);
    // A coordinator manages leaders, not residents; a leader, not leaders.
    const { user: resident } = await makeUser('res.est', 'resident', 'Espace Est');
    await coord
      .post(`/comptes/${resident.id}/activation`)
      .type('form')
      .send({ _csrf: await csrfFor(coord, '/comptes'), etat: 'inactif' })
      .expect(404);
  });

  it('refuses every request but the change form and logout until a temporary password is changed', async () => {
    await makeUser('coord.temp', 'coordinator', 'Site de test', { mustChangePassword: true });
    const agent = await loggedIn('coord.temp');
    const token = await csrfFor(agent, '/mot-de-passe');
    const sites = async () => (await agent.get('/espaces')).headers.location;
    expect(await sites()).to.equal('/mot-de-passe');
    // A form of another page, with a valid token, is refused before it does anything.
    const post = await agent.post('/espaces').type('form').send({ _csrf: token, name: 'Espace pirate' }).expect(303);
    expect(post.headers.location).to.equal('/mot-de-passe');
    expect(await Site.countDocuments({ name: 'Espace pirate' })).to.equal(0);
    const unknown = await agent.post('/comptes').type('form').send({ _csrf: token }).expect(303);
    expect(unknown.headers.location).to.equal('/mot-de-passe');
    // Logout stays open.
    const out = await agent.post('/deconnexion').type('form').send({ _csrf: token }).expect(303);
    expect(out.headers.location).to.not.equal('/mot-de-passe');
    expect((await agent.get('/espaces')).headers.location).to.match(/^\/connexion/);
  });

  it('offers a one-time set-up page until a coordinator exists', async () => {
    const agent = await newAgent();
    const token = await csrfFor(agent, '/installation');
    await agent
      .post('/installation')
      .type('form')
      .send({
        _csrf: token,
        displayName: 'Claire',
        username: 'claire.coord',
        next: 'une longue phrase',
        confirm: 'une longue phrase',
      })
      .expect(303);
    const again = await newAgent();
    await again.get('/installation').expect(303);
    const csrf = await csrfFor(again, '/connexion');
    await again
      .post('/installation')
      .type('form')
      .send({
        _csrf: csrf,
        displayName: 'Pirate',
        username: 'pirate',
        next: 'une longue phrase',
        confirm: 'une longue phrase',
      })
      .expect(403);
  });

  it('keeps accounts and data across a restart of the app and its database', async () => {
    await makeUser('marie.test', 'resident');
    const before = await loggedIn('marie.test');
    await restartDatabase();
    // The session stored before the restart still signs Marie in…
    const kept = await before.get('/').expect(200);
    expect(kept.text).to.include('<p class="who">').and.include('marie.test');
    // …and her account still takes her password.
    const again = await loggedIn('marie.test');
    const page = await again.get('/').expect(200);
    expect(page.text).to.include('marie.test');
    const refused = await postForm(
      await newAgent(),
      '/connexion',
      '/connexion',
      { username: 'marie.test', password: 'pas le bon mot de passe' },
      401,
    );
    expect(refused.text).to.include('Identifiant ou mot de passe incorrect');
  });
});
