/**
 * What `npm run seed:demo` shows of the support that follows through: Marie's record links
 * her login card (a PDF that prints her username), the leader's home lists her contract's
 * withdrawal deadline, and /lieux.json lists each demo site in the national schema.
 */
import { expect } from 'chai';
import { DEMO_PASSWORD, DEMO_SITE, seedDemoAccounts } from '../../src/features/accounts/accounts.demo.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { DEMO_SITE_2, seedDemoResidents } from '../../src/features/residents/residents.demo.js';
import { seedDemoOrganisation, seedDemoPlaces } from '../../src/features/sites/sites.demo.js';
import { getBinary, loggedIn, newAgent } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { schemaProblems } from '../helpers/place-schema-check.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

describe('the demo: login card, contract deadlines, places as open data (real database)', function () {
  this.timeout(300_000);

  before(async () => {
    await getApp();
    await clearDatabase();
    await seedDemoAccounts();
    await seedDemoOrganisation(DEMO_SITE);
    await seedDemoResidents();
    await seedDemoPlaces([DEMO_SITE, DEMO_SITE_2]);
  });

  it('links Marie’s login card from her record; the card prints her username', async () => {
    const anim = await loggedIn('anim.demo', DEMO_PASSWORD);
    const marie = (await Resident.findOne({ firstName: 'Marie-Hélène' }).lean())!;
    const record = (await anim.get(`/residents/${String(marie._id)}`).expect(200)).text;
    const link = `/residents/${String(marie._id)}/carte-de-connexion.pdf`;
    expect(record).to.include(`href="${link}"`);
    const pdf = await getBinary(anim, link).expect(200);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).to.include('marie.demo');
    expect(text).to.include('Kérourien (démo)');

    // Her box contract: the withdrawal deadline on the home page and on her record.
    const home = (await anim.get('/').expect(200)).text;
    expect(home).to.include('Marie-Hélène Le Guérec').and.include('fin du délai de rétractation');
    // Karim's referral to France Travail, to follow up.
    expect(home).to.include('Karim Benali').and.include('demander comment s’est passée l’orientation');
    expect(record).to.include('Vous pouvez annuler le contrat avec Box Atlantique');
    expect(record).to.include('lettre-retractation.pdf');
  });

  it('lists both demo sites on /lieux.json, each valid in the national schema', async () => {
    const rows = (await (await newAgent()).get('/lieux.json').expect(200)).body as Record<string, string>[];
    expect(rows.map((r) => r.nom).sort()).to.deep.equal([DEMO_SITE_2, DEMO_SITE].sort());
    for (const row of rows) expect(schemaProblems(row), row.nom).to.deep.equal([]);
  });
});
