/**
 * A resident's login, managed from the record only: "Créer son compte" (the one way an
 * account is made; the accounts page makes none), the username on the record with the
 * login card to print (no password on screen), "Nouveau code de connexion" confirmed
 * first (one click never resets), and the first login that asks only for a new password.
 */
import { expect } from 'chai';
import { User } from '../../src/features/accounts/user.model.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { csrfFor, getBinary, loggedIn, makeUser, newAgent, postForm } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { createResident, giveNotice, LOGIN_CODE, SITE_A, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

const PASSWORD_OF_HER_OWN = 'ma phrase à moi pour entrer';

async function cardCode(leader: Awaited<ReturnType<typeof loggedIn>>, record: string): Promise<string> {
  const card = await getBinary(leader, `/residents/${record}/carte-de-connexion.pdf`).expect(200);
  return LOGIN_CODE.exec((await pdfText(card.body as Buffer)).replace(/\s+/g, ' '))![0];
}

describe('a resident’s login, from the record (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('creates the account on the record, shows its username and card, and lets the card’s code in at once', async () => {
    const { a } = await twoLeaders();
    const record = await createResident(a, { firstName: 'Aminata', lastName: 'Diallo', flat: '12' });
    await giveNotice(a, record);
    const before = (await a.get(`/residents/${record}`).expect(200)).text;
    expect(before).to.include(`action="/residents/${record}/compte"`);

    const made = await postForm(a, `/residents/${record}`, `/residents/${record}/compte`, {}, 303);
    expect(made.headers.location).to.equal(`/residents/${record}?ok=compte#s-account`);
    const page = (await a.get(made.headers.location!.replace(/#.*/, '')).expect(200)).text;
    expect(page).to.include('<dd><code>aminata.diallo</code>');
    expect(page).to.include('Le compte est créé. Imprimez sa carte de connexion');
    expect(page).to.include(`href="/residents/${record}/carte-de-connexion.pdf"`);
    expect(page).to.include(`href="/residents/${record}/nouveau-code"`);
    expect(page, 'no password on screen').to.not.match(/provisoire|Mot de passe<\/dt>/);
    // A second click makes no second account (no aminata.diallo2).
    await postForm(a, `/residents/${record}`, `/residents/${record}/compte`, {}, 422);
    expect(await User.countDocuments({ username: /^aminata\.diallo/ })).to.equal(1);

    // The card's code, then a password of her own: she is in, without typing it again.
    const code = await cardCode(a, record);
    const aminata = await newAgent();
    const next = PASSWORD_OF_HER_OWN;
    const first = (await aminata.get('/premiere-connexion').expect(200)).text;
    expect(first).to.not.include('name="current"').and.not.include('name="password"');
    const inside = await postForm(
      aminata,
      '/premiere-connexion',
      '/premiere-connexion',
      { username: 'aminata.diallo', code, next, confirm: next },
      303,
    );
    expect(inside.headers.location).to.equal('/');
    expect((await aminata.get('/mon-dossier').expect(200)).text).to.include('Diallo');
  });

  it('asks before a new login code, and then ends the old password and every open session', async () => {
    const { a, b } = await twoLeaders();
    const record = await createResident(a, { firstName: 'Karim', lastName: 'Nouveau', flat: '13' });
    await postForm(a, `/residents/${record}`, `/residents/${record}/compte`, {}, 303);
    const code = await cardCode(a, record);
    const karim = await newAgent();
    const next = PASSWORD_OF_HER_OWN;
    await postForm(
      karim,
      '/premiere-connexion',
      '/premiere-connexion',
      { username: 'karim.nouveau', code, next, confirm: next },
      303,
    );

    // The record's link leads to a page that asks; without the box ticked, nothing changes.
    const ask = (await a.get(`/residents/${record}/nouveau-code`).expect(200)).text;
    expect(ask).to.include('karim.nouveau').and.include('name="confirm"');
    const unticked = await postForm(a, `/residents/${record}/nouveau-code`, `/residents/${record}/nouveau-code`, {}, 422);
    expect(unticked.text).to.include('Cochez la case pour confirmer.');
    await karim.get('/mon-dossier').expect(200);
    await loggedIn('karim.nouveau', next);

    // Another site's leader can neither see nor do it.
    await b.get(`/residents/${record}/nouveau-code`).expect(403);
    await b
      .post(`/residents/${record}/nouveau-code`)
      .type('form')
      .send({ _csrf: await csrfFor(b, '/residents'), confirm: 'oui' })
      .expect(403);
    await karim.get('/mon-dossier').expect(200);

    const done = await postForm(
      a,
      `/residents/${record}/nouveau-code`,
      `/residents/${record}/nouveau-code`,
      { confirm: 'oui' },
      303,
    );
    expect(done.headers.location).to.equal(`/residents/${record}?ok=code#s-account`);
    expect((await a.get(`/residents/${record}?ok=code`).expect(200)).text).to.include('L’ancien mot de passe ne marche plus.');
    await karim.get('/mon-dossier').expect(303);
    const visitor = await newAgent();
    const token = await csrfFor(visitor, '/connexion');
    await visitor.post('/connexion').type('form').send({ _csrf: token, username: 'karim.nouveau', password: next }).expect(401);
    const actions = (await AuditEvent.find({}).lean()).map((e) => (e as { action: string }).action);
    expect(actions).to.include('account.password-reset');
    // The new card's code lets him choose a password again.
    const again = await cardCode(a, record);
    const other = 'une autre phrase à retenir';
    await postForm(
      await newAgent(),
      '/premiere-connexion',
      '/premiere-connexion',
      { username: 'karim.nouveau', code: again, next: other, confirm: other },
      303,
    );
  });

  it('lists the site’s resident accounts with their record, and flags an account without one', async () => {
    const { a } = await twoLeaders();
    const record = await createResident(a, { firstName: 'Rose', lastName: 'Liste', flat: '14' });
    await postForm(a, `/residents/${record}`, `/residents/${record}/compte`, {}, 303);
    // An account made before records were the one way (as `aminata.diallo2` was).
    await makeUser('sans.fiche', 'resident', SITE_A);
    // One letter of the accounts a page: Rose's under R, sans.fiche's under S.
    const list = (await a.get('/comptes?lettre=r').expect(200)).text;
    expect(list).to.include(`href="/residents/${record}/nouveau-code"`).and.include(`href="/residents/${record}"`);
    expect(list).to.not.include('/mot-de-passe"');
    const without = (await a.get('/comptes?lettre=s').expect(200)).text;
    expect(without).to.match(/sans\.fiche<\/code>[^\n]*sans fiche/);
  });
});
