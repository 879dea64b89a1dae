/**
 * Contract follow-up: a legal-advice entry carries the contract's dates; the deadlines
 * reach the leader's home (next 14 days, this site only), the resident's own record in
 * plain words, and a withdrawal letter filled from the entry (its text read back).
 */
import { expect } from 'chai';
import { addDays, dayInBrest, formatDate } from '../../src/platform/day.js';
import { withdrawalDeadline } from '../../src/features/residents/contract-rules.js';
import { getBinary, loggedIn } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { accountFromRecord, createResident, giveNotice, postEntry, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('contract follow-up (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('records the contract, lists its deadlines, shows them to the resident and prints the letter', async () => {
    const { a, b } = await twoLeaders();
    const today = dayInBrest(new Date());
    const signedOn = addDays(today, -3);
    const commitmentEnd = addDays(today, 10);
    const marie = await createResident(a, { firstName: 'Marie', lastName: 'Contrat', flat: '12' });
    await giveNotice(a, marie, addDays(today, -10));
    await postEntry(
      a,
      marie,
      'conseil-juridique',
      {
        date: today,
        partner: 'Box Atlantique',
        operatorAddress: 'BP 40, 29200 Brest',
        contractKind: 'service',
        signedOn,
        commitmentEnd,
      },
      303,
    );
    const deadline = withdrawalDeadline({ contractKind: 'service', signedOn })!;

    // The leader's home: both deadlines, with the resident's name and link.
    const home = (await a.get('/').expect(200)).text;
    expect(home).to.include('À suivre\u00a0: délais et orientations');
    expect(home).to.include(`href="/residents/${marie}"`);
    expect(home).to.include(formatDate(deadline, 'fr'));
    expect(home).to.include('fin du délai de rétractation');
    expect(home).to.include(formatDate(commitmentEnd, 'fr'));
    expect(home).to.include('fin de l’engagement');
    // Another site's leader sees none of it.
    expect((await b.get('/').expect(200)).text).to.include('Rien à suivre dans les 14 prochains jours.');

    // The record: the deadlines in plain words and the letter's link.
    const record = (await a.get(`/residents/${marie}`).expect(200)).text;
    expect(record).to.include(
      `Vous pouvez annuler le contrat avec Box Atlantique jusqu’au ${formatDate(deadline, 'fr')}, ce jour compris.`,
    );
    const link = /href="(\/residents\/[a-f0-9]{24}\/accompagnements\/([a-f0-9]{24})\/lettre-retractation\.pdf)"/.exec(record);
    expect(link).to.not.equal(null);

    const pdf = await getBinary(a, link![1]!).expect(200).expect('Content-Type', 'application/pdf');
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).to.include('Marie Contrat');
    expect(text).to.include('Box Atlantique');
    expect(text).to.include('BP 40, 29200 Brest');
    expect(text).to.include('prestation de services');
    expect(text).to.include(`Commandé le : ${formatDate(signedOn, 'fr')}`);
    expect(text).to.include(`au plus tard le ${formatDate(deadline, 'fr')}`);
    expect(text).to.include('3 rue de Kérourien, Brest');

    // Only the site's leader prints it; an unknown entry is a 404.
    await getBinary(b, link![1]!).expect(403);
    await getBinary(a, `/residents/${marie}/accompagnements/${'0'.repeat(24)}/lettre-retractation.pdf`).expect(404);

    // The resident reads the deadlines on "Mon dossier", without the letter's link.
    const { username, password } = await accountFromRecord(a, marie);
    const resident = await loggedIn(username, password);
    const mine = (await resident.get('/mon-dossier').expect(200)).text;
    expect(mine).to.include(`jusqu’au ${formatDate(deadline, 'fr')}, ce jour compris`);
    expect(mine).to.include(`Votre engagement avec Box Atlantique finit le ${formatDate(commitmentEnd, 'fr')}`);
    expect(mine).to.not.include('lettre-retractation');
    await getBinary(resident, link![1]!).expect(403);
  });

  it('refuses contract dates that tell no story, in French, and records nothing', async () => {
    const a = await loggedIn('anim.a');
    const today = dayInBrest(new Date());
    const id = await createResident(a, { firstName: 'Paul', lastName: 'Dates', flat: '13' });
    await giveNotice(a, id, addDays(today, -10));
    const noKind = await postEntry(a, id, 'conseil-juridique', { date: today, signedOn: addDays(today, -2) }, 422);
    expect(noKind.text).to.include('Dites si le contrat porte sur un service ou sur un bien.');
    const noSignature = await postEntry(a, id, 'conseil-juridique', { date: today, contractKind: 'bien' }, 422);
    expect(noSignature.text).to.include('Écrivez la date de signature du contrat.');
    const early = await postEntry(
      a,
      id,
      'conseil-juridique',
      { date: today, contractKind: 'bien', signedOn: addDays(today, -2), deliveredOn: addDays(today, -5) },
      422,
    );
    expect(early.text).to.include('La livraison ne peut pas être avant la signature.');
    const record = (await a.get(`/residents/${id}`).expect(200)).text;
    expect(record).to.not.include('Délais du contrat');
  });
});
