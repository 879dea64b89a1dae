/** French typography in the pages, and the language link that keeps the page and its query. */
import { expect } from 'chai';
import supertest from 'supertest';
import { ensureAccount } from '../../src/features/accounts/index.js';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { loggedIn, makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

describe('French typography and the language link (HTTP, real database)', () => {
  before(async () => {
    await clearDatabase();
    await makeUser('anim.typo', 'leader', 'Site T');
    await makeUser('coord.typo', 'coordinator', 'Site T');
  });

  it('writes “d’Yvonne”, never “de Yvonne”, with a non-breaking space before a colon', async () => {
    const site = await findOrCreateSite({ name: 'Site T' });
    const { user } = await ensureAccount({
      username: 'yvonne.typo',
      password: PASSWORD,
      role: 'resident',
      displayName: 'Yvonne Le Bihan',
      siteId: site.id,
    });
    const leader = await loggedIn('anim.typo');
    const page = await leader.get(`/progression/${user.id}`).expect(200);
    expect(page.text).to.include('d’Yvonne Le Bihan').and.not.include('de Yvonne');
    expect(page.text).to.not.match(/[A-Za-zé] [?!;:»]/);
  });

  it('keeps the page and its query in the language link', async () => {
    const coord = await loggedIn('coord.typo');
    const fr = await coord.get('/statistiques?periode=2026').expect(200);
    expect(fr.text).to.include('href="/statistiques?periode=2026&amp;lng=en"');
    const en = await coord.get('/statistiques?periode=2026&lng=en').expect(200);
    expect(en.text).to.include('<html lang="en"').and.include('href="/statistiques?periode=2026&amp;lng=fr"');
  });

  it('keeps each language’s strings apart (the translator remembers them per language)', async () => {
    const visitor = supertest.agent(await getApp());
    for (const round of [1, 2]) {
      const fr = await visitor.get('/connexion?lng=fr').expect(200);
      expect(fr.text, `round ${round}`).to.include('Se connecter').and.not.include('Sign in');
      const en = await visitor.get('/connexion?lng=en').expect(200);
      expect(en.text, `round ${round}`).to.include('Sign in').and.not.include('Se connecter');
    }
  });
});
