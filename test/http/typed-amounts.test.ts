/** "50 €" and "1h30" typed into the real forms: accepted, stored as cents and minutes. */
import { expect } from 'chai';
import { SupportEntry } from '../../src/features/residents/support-entry.model.js';
import { WorkshopSession } from '../../src/features/sessions/workshop-session.model.js';
import { dayInBrest } from '../../src/platform/day.js';
import { loggedIn, makeUser, postForm } from '../helpers/http.js';
import { createResident, giveNotice, postEntry } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('amounts and durations as typed, in the forms (HTTP, real database)', function () {
  this.timeout(60_000);

  it('takes "1h30" for a session, "50 €" and "45 min" for a support entry', async () => {
    await clearDatabase();
    await makeUser('anim.montants', 'leader', 'Site M');
    const leader = await loggedIn('anim.montants');
    await postForm(
      leader,
      '/seances',
      '/seances',
      { moduleId: 'decouvrir-ordinateur', date: dayInBrest(new Date()), durationMinutes: '1h30', notes: '' },
      303,
    );
    expect((await WorkshopSession.findOne().lean())?.durationMinutes).to.equal(90);
    const record = await createResident(leader, { firstName: 'Aminata', lastName: 'Diallo', flat: '12' });
    await giveNotice(leader, record);
    await postEntry(leader, record, 'ordinateur', { priceCents: '50 €', durationMinutes: '45 min' }, 303);
    const entry = await SupportEntry.findOne({ kind: 'ordinateur' }).lean();
    expect(entry?.durationMinutes).to.equal(45);
    expect((entry?.details as { priceCents?: number }).priceCents).to.equal(5000);
    const refused = await postEntry(leader, record, 'ordinateur', { priceCents: 'cinquante' }, 422);
    expect(refused.text).to.include('doit être un prix');
  });
});
