/**
 * Each site as a place of the national open-data schema: the coordinator types its
 * address, postal code, town, INSEE code, SIRET and opening hours (checked, in French);
 * /lieux.json and /lieux.csv, public, list the complete sites, and every row passes the
 * published schema (required fields, patterns) as read from its own copy.
 */
import { expect } from 'chai';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { makeUser, loggedIn, newAgent, postForm } from '../helpers/http.js';
import { readCsv, schemaProblems, SCHEMA_FIELDS } from '../helpers/place-schema-check.js';
import { clearDatabase } from '../helpers/test-env.js';

const PLACE = {
  placeAddress: '1 rue de Kérourien',
  postalCode: '29200',
  commune: 'Brest',
  inseeCode: '29019',
  siret: '732 829 320 00074',
  openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00',
};

describe('places as open data (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('publishes each complete site in the national schema, as JSON and CSV, to anyone', async () => {
    await makeUser('coord.lieux', 'coordinator', 'Kérourien (lieux)');
    const coord = await loggedIn('coord.lieux');
    const site = await findOrCreateSite({ name: 'Kérourien (lieux)' });
    const empty = await findOrCreateSite({ name: 'Sans adresse (lieux)' });
    const page = `/espaces/${site.id}`;
    expect((await coord.get(page).expect(200)).text).to.include('Ce lieu n’est pas encore publié');

    // Wrong values: the form again, a French message for each.
    const refused = await postForm(
      coord,
      page,
      `${page}/lieu`,
      { ...PLACE, postalCode: '2920', inseeCode: '2A2X0', siret: '73282932000075', openingHours: 'lundi 9h-12h' },
      422,
    );
    for (const message of [
      'Le code postal a 5 chiffres, par exemple 29200.',
      'Le code INSEE a 5 caractères',
      'Ce numéro SIRET n’est pas valable.',
      'Les horaires ne sont pas au bon format.',
    ])
      expect(refused.text).to.include(message);
    expect((await newAgent().then((a) => a.get('/lieux.json').expect(200))).body).to.deep.equal([]);

    await postForm(coord, page, `${page}/lieu`, PLACE, 303);
    expect((await coord.get(page).expect(200)).text).to.include('Ce lieu est publié');

    const visitor = await newAgent();
    const json = await visitor
      .get('/lieux.json')
      .expect(200)
      .expect('Content-Type', /application\/json/);
    const rows = json.body as Record<string, string>[];
    expect(rows).to.have.length(1); // the site without an address is not published
    expect(rows.map((r) => r.id)).to.not.include(empty.id);
    const [row] = rows;
    expect(schemaProblems(row!)).to.deep.equal([]);
    expect(row).to.include({
      id: site.id,
      pivot: '73282932000074',
      nom: 'Kérourien (lieux)',
      commune: 'Brest',
      code_postal: '29200',
      code_insee: '29019',
      adresse: '1 rue de Kérourien',
      horaires: PLACE.openingHours,
    });
    expect(row!.date_maj).to.match(/^\d{4}-\d{2}-\d{2}$/);

    const csv = await visitor
      .get('/lieux.csv')
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    expect(csv.text.split('\r\n')[0]).to.equal(SCHEMA_FIELDS.join(','));
    const csvRows = readCsv(csv.text);
    expect(csvRows).to.have.length(1);
    const filled = Object.fromEntries(Object.entries(csvRows[0]!).filter(([, v]) => v !== ''));
    expect(schemaProblems(filled)).to.deep.equal([]);
    expect(filled).to.deep.equal(row);
  });
});
