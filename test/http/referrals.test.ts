/**
 * Referral outcomes: an individual-help entry records where the person is sent (La Coop's
 * structure types), why, and when to ask how it went; the leader's home lists it until
 * the outcome (done, or not done and why) is recorded on the record. Audited.
 */
import { expect } from 'chai';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { addDays, dayInBrest, formatDate } from '../../src/platform/day.js';
import { csrfOf } from '../helpers/http.js';
import { createResident, giveNotice, postEntry, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('referral outcomes (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('lists a referral to follow up on the home until its outcome is recorded', async () => {
    const { a, b } = await twoLeaders();
    const today = dayInBrest(new Date());
    const id = await createResident(a, { firstName: 'Karim', lastName: 'Orienté', flat: '41' });
    await giveNotice(a, id, addDays(today, -10));

    const noType = await postEntry(a, id, 'aide', { date: today, followUpOn: addDays(today, 3) }, 422);
    expect(noType.text).to.include('Choisissez le type de structure');

    const followUpOn = addDays(today, 3);
    await postEntry(
      a,
      id,
      'aide',
      { date: today, referralType: 'insertion_professionnelle', referralReason: 'Inscription', followUpOn },
      303,
    );
    const home = (await a.get('/').expect(200)).text;
    expect(home).to.include('demander comment s’est passée l’orientation').and.include(formatDate(followUpOn, 'fr'));
    expect((await b.get('/').expect(200)).text).to.not.include('Karim Orienté');

    const record = (await a.get(`/residents/${id}`).expect(200)).text;
    expect(record).to.include('Insertion professionnelle (France Travail, mission locale…)');
    const action = new RegExp(`/residents/${id}/accompagnements/([a-f0-9]{24})/orientation`).exec(record)![0];

    const post = async (data: Record<string, string>, status: number) =>
      a
        .post(action)
        .type('form')
        .send({ _csrf: csrfOf((await a.get(`/residents/${id}`)).text), ...data })
        .expect(status);
    const refused = await post({ outcome: 'pas-fait', outcomeReason: '' }, 422);
    expect(refused.text).to.include('Écrivez pourquoi ce n’est pas fait.');
    await post({ outcome: 'pas-fait', outcomeReason: 'Pas de rendez-vous avant un mois' }, 303);

    const after = (await a.get(`/residents/${id}`).expect(200)).text;
    expect(after).to.include('Ce n’est pas fait').and.include('Pas de rendez-vous avant un mois');
    expect(after).to.not.include(action);
    expect((await a.get('/').expect(200)).text).to.not.include('demander comment s’est passée l’orientation');
    expect(await AuditEvent.countDocuments({ action: 'resident.referral-outcome' })).to.equal(1);
    // Another site's leader cannot record it.
    await b
      .post(action)
      .type('form')
      .send({ _csrf: csrfOf((await b.get('/')).text), outcome: 'fait' })
      .expect(403);
  });
});
