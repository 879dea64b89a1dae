/**
 * Self-assessment beside validation: before and after a workshop session the resident
 * answers "je sais / pas encore" per skill on the workshop's page; their record shows it
 * next to the leader's validation; a one-page skills booklet (PDF, read back) comes from
 * "Mon dossier" and from the record, for the leader's site only, and is audited.
 */
import { expect } from 'chai';
import { User } from '../../src/features/accounts/user.model.js';
import { setValidation } from '../../src/features/progress/index.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { dayInBrest } from '../../src/platform/day.js';
import { getBinary, loggedIn, postForm, type Agent } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { accountFromRecord, createResident, giveNotice, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

const MODULE = 'boite-mail';

/** A record with an account made from the record, logged in with the password chosen at first login. */
async function residentLoggedIn(leader: Agent, firstName: string, flat: string) {
  const id = await createResident(leader, { firstName, lastName: 'Livret', flat });
  await giveNotice(leader, id);
  const { username, password } = await accountFromRecord(leader, id);
  const user = (await User.findOne({ username }).lean())!;
  return { id, userId: String(user._id), agent: await loggedIn(username, password) };
}

const pdfOf = async (agent: Agent, url: string) => {
  const res = await getBinary(agent, url).expect(200).expect('Content-Type', 'application/pdf');
  const raw = res.body as Buffer;
  return { text: (await pdfText(raw)).replace(/\s+/g, ' '), pages: raw.toString('latin1').match(/\/Type \/Page\b/g)!.length };
};

describe('self-assessment before and after a workshop, and the skills booklet (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  it('records before and after, shows them beside the validation, and prints a one-page booklet', async () => {
    const { a, b } = await twoLeaders();
    const rose = await residentLoggedIn(a, 'Rose', '51');
    const paul = await residentLoggedIn(a, 'Paul', '52');
    const created = await postForm(
      a,
      '/seances',
      '/seances',
      { moduleId: MODULE, date: dayInBrest(new Date()), durationMinutes: '90', notes: '' },
      303,
    );
    const session = /^\/seances\/([a-f0-9]{24})/.exec(String(created.headers.location))![1]!;
    await postForm(a, `/seances/${session}`, `/seances/${session}/presences`, { present: [rose.id] }, 303);
    const skills = catalogue().moduleById.get(MODULE)!.skills;
    const [first, second] = [skills[0]!, skills[1]!];

    expect((await rose.agent.get(`/ateliers/${MODULE}`).expect(200)).text).to.include(`/ateliers/${MODULE}/avant-apres`);
    const page = (await rose.agent.get(`/ateliers/${MODULE}/avant-apres`).expect(200)).text;
    expect(page).to.include(`name="c-${first.id}"`).and.include(`value="${session}"`);
    const answers = (value: (i: number) => string) => Object.fromEntries(skills.map((s, i) => [`c-${s.id}`, value(i)]));
    const url = `/ateliers/${MODULE}/avant-apres`;
    // Every skill must be answered.
    const partial = answers(() => 'sait');
    delete partial[`c-${first.id}`];
    expect((await postForm(rose.agent, url, url, { session, moment: 'avant', ...partial }, 422)).text).to.include(
      'Répondez pour chaque compétence',
    );
    await postForm(rose.agent, url, url, { session, moment: 'avant', ...answers(() => 'pas-encore') }, 303);
    await postForm(rose.agent, url, url, { session, moment: 'apres', ...answers((i) => (i === 0 ? 'sait' : 'pas-encore')) }, 303);
    // Paul was not at the session: no form, and a post is refused.
    expect((await paul.agent.get(url).expect(200)).text).to.include('pas de séance de cet atelier');
    await postForm(paul.agent, url, url, { session, moment: 'avant', ...answers(() => 'sait') }, 422);

    // The leader validates the first skill; the record shows both side by side.
    const leader = (await User.findOne({ username: 'anim.a' }).lean())!;
    const now = new Date();
    await setValidation(
      rose.userId,
      first.id,
      { by: leader._id, byName: 'anim.a', date: now, method: 'atelier', level: 'seul', at: now },
      now,
    );
    // French typography: non-breaking spaces before the colons.
    const record = (await a.get(`/residents/${rose.id}`).expect(200)).text.replace(/[\u00a0\u202f]/g, ' ');
    expect(record).to.include('Avant / après l’atelier').and.include('Avant : Pas encore. Après : Je sais.');
    expect(record).to.include(`/residents/${rose.id}/livret-competences.pdf`);
    expect((await rose.agent.get('/mon-dossier').expect(200)).text).to.include('/mon-dossier/livret-competences.pdf');

    const mine = await pdfOf(rose.agent, '/mon-dossier/livret-competences.pdf');
    expect(mine.pages).to.equal(1);
    expect(mine.text)
      .to.include('Mon livret de compétences')
      .and.include('Rose Livret')
      .and.include(first.title.replace(/\s+/g, ' '));
    expect(mine.text).to.include('Avant l’atelier : pas encore. Après : je sais. Validé par l’animateur : sans aide');
    expect(mine.text).to.include(second.title.replace(/\s+/g, ' ')).and.include('Pas encore validé.');
    const staff = await pdfOf(a, `/residents/${rose.id}/livret-competences.pdf`);
    expect(staff.text).to.include('Rose Livret');
    await b.get(`/residents/${rose.id}/livret-competences.pdf`).expect(403);
    expect(await AuditEvent.countDocuments({ action: 'skills-booklet.download', subject: `resident:${rose.id}` })).to.equal(2);
  });
});
