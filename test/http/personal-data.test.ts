import { expect } from 'chai';
import { loggedIn, makeUser } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('personal data on shared computers (HTTP)', () => {
  it('sends Cache-Control: no-store on every page of a signed-in person', async () => {
    await clearDatabase();
    await makeUser('marie.cache', 'resident', 'Site A');
    await makeUser('anim.cache', 'leader', 'Site A');
    const resident = await loggedIn('marie.cache');
    for (const url of ['/', '/ma-progression', '/mon-dossier', '/mes-certificats', '/ateliers'])
      expect((await resident.get(url)).headers['cache-control'], url).to.equal('no-store');
    const leader = await loggedIn('anim.cache');
    for (const url of ['/residents', '/seances', '/validation', '/certificats'])
      expect((await leader.get(url)).headers['cache-control'], url).to.equal('no-store');
  });
});
