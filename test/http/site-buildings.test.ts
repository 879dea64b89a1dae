/**
 * A site's list of buildings: the coordinator keeps it on the site's page, the
 * residents' forms offer it, the server refuses any other building.
 */
import { expect } from 'chai';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { Household } from '../../src/features/residents/household.model.js';
import { loggedIn, makeUser, postForm } from '../helpers/http.js';
import { createResident, RESIDENT, SITE_A, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('a site’s buildings (HTTP, real database)', () => {
  beforeEach(async () => {
    await clearDatabase();
  });

  async function coordinatorOf(siteName: string) {
    await makeUser('coord.bat', 'coordinator', siteName);
    const coord = await loggedIn('coord.bat');
    const site = await findOrCreateSite({ name: siteName });
    return { coord, page: `/espaces/${site.id}` };
  }

  it('lets the coordinator keep the list, one building per line, refusing a building written twice', async () => {
    const { a } = await twoLeaders();
    const { coord, page } = await coordinatorOf(SITE_A);
    const twice = await postForm(coord, page, `${page}/batiments`, { buildings: 'Bât. C\nbatiment c' }, 422);
    expect(twice.text).to.include('Ce bâtiment est déjà dans la liste, écrit autrement\u00a0: «\u00a0batiment c\u00a0»');
    expect(twice.text).to.include('aria-invalid="true"').and.include('batiment c</textarea>');
    const long = await postForm(coord, page, `${page}/batiments`, { buildings: 'x'.repeat(41) }, 422);
    expect(long.text).to.include('trop long');
    await postForm(coord, page, `${page}/batiments`, { buildings: 'Bât. C\n\n  Bât. D \nKerbriant 3' }, 303);
    const saved = await coord.get(`${page}?ok=batiments`).expect(200);
    expect(saved.text)
      .to.include('La liste des bâtiments est enregistrée.')
      .and.include('Bât. C\nBât. D\nKerbriant 3</textarea>');

    // The leader's forms offer the list; any spelling of a listed building is that building.
    const form = await a.get('/residents/nouveau').expect(200);
    expect(form.text).to.include('<select id="f-building" name="building"').and.include('<option value="Kerbriant 3"');
    const id = await createResident(a, { building: 'bat c' });
    expect((await a.get(`/residents/${id}`).expect(200)).text).to.include('Bât. C, appt 41');
    const other = await createResident(a, { firstName: 'Karim', lastName: 'Benali', building: 'Bât. C' });
    expect((await a.get(`/residents/${other}`).expect(200)).text).to.include('Marie');
    expect(await Household.countDocuments({})).to.equal(1);

    // Not on the list: refused, on the new form and on the dwelling form.
    const refused = await postForm(a, '/residents/nouveau', '/residents', { ...RESIDENT, building: 'Bât. Z' }, 422);
    expect(refused.text).to.include('Ce bâtiment n’est pas dans la liste de l’espace.');
    const edit = `/residents/${id}/modifier`;
    expect((await a.get(edit).expect(200)).text).to.include('<option value="Bât. C" selected');
    await postForm(a, edit, `/residents/${id}/logement`, { ...RESIDENT, building: 'Z' }, 422);
    await postForm(a, edit, `/residents/${id}/logement`, { ...RESIDENT, building: 'Bâtiment D' }, 303);
    expect(await Household.countDocuments({ 'dwelling.building': 'Bât. D' })).to.equal(1);

    // An empty list: the free field again.
    await postForm(coord, page, `${page}/batiments`, { buildings: '' }, 303);
    const free = await a.get('/residents/nouveau').expect(200);
    expect(free.text).to.not.include('<select id="f-building"');
    await createResident(a, { firstName: 'Anne', lastName: 'Morvan', building: 'Bât. Z' });
  });

  it('keeps the list to coordinators: a leader of another site cannot change it', async () => {
    const { b } = await twoLeaders();
    const { coord, page } = await coordinatorOf(SITE_A);
    await postForm(coord, page, `${page}/batiments`, { buildings: 'Bât. C' }, 303);
    // Sent with a valid token of their own: only the access check stops it.
    await postForm(b, '/residents/nouveau', `${page}/batiments`, { buildings: 'Bât. Z' }, 403);
    expect((await b.get(page)).status).to.equal(403);
    expect((await coord.get(page).expect(200)).text).to.include('Bât. C</textarea>');
    // Site B has no list: its leader types freely.
    expect((await b.get('/residents/nouveau').expect(200)).text).to.not.include('<select id="f-building"');
  });
});
