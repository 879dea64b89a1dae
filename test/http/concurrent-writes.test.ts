/**
 * Concurrent writes of one document on the real engine: FerretDB 1.24 has no atomic
 * update, so these pass only because every such write goes through the document lock.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { rightAnswer } from '../../src/features/exercises/sample-answers.js';
import { getProgress } from '../../src/features/progress/index.js';
import { Household } from '../../src/features/residents/household.model.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { ValidationEvent } from '../../src/features/validation/validation.model.js';
import { dayInBrest } from '../../src/features/validation/validation-rules.js';
import { catalogue, exerciseUrl, type Exercise } from '../../src/features/workshops/index.js';
import { lockedDocumentCount } from '../../src/platform/document-lock.js';
import { csrfFor, csrfOf, loggedIn, makeUser } from '../helpers/http.js';
import { RESIDENT } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

const ALREADY = 'Cette réponse était déjà enregistrée';

describe('concurrent writes of one document (HTTP, real database)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await clearDatabase();
  });

  afterEach(() => {
    expect(lockedDocumentCount(), 'locks left behind').to.equal(0);
  });

  it('records 20 answers sent at once to 20 exercises, and a true repeat only as "already recorded"', async () => {
    const { user } = await makeUser('marie.test', 'resident');
    const agent = await loggedIn('marie.test');
    const exercises = catalogue()
      .modules.flatMap((m) => m.exercises)
      .filter((e) => e.type !== 'auto-evaluation')
      .slice(0, 20);
    expect(exercises).to.have.length(20);
    // Each form opened first, as a learner would: its CSRF token and one-time submission id.
    const forms: { e: Exercise; token: string; submission: string }[] = [];
    for (const e of exercises) {
      const page = await agent.get(exerciseUrl(e.moduleId, e.id)).expect(200);
      const submission = /name="submission" value="([^"]+)"/.exec(page.text)![1]!;
      forms.push({ e, token: csrfOf(page.text), submission });
    }
    const send = (f: (typeof forms)[number]) =>
      agent
        .post(exerciseUrl(f.e.moduleId, f.e.id))
        .type('form')
        .send({ _csrf: f.token, submission: f.submission, ...rightAnswer(f.e) });
    const answers = await Promise.all(forms.map(send));
    // Each answer saved, then sent to its result page (303); none of them as a repeat.
    expect(answers.map((r) => r.status)).to.deep.equal(forms.map(() => 303));
    expect(answers.filter((r) => /[?&]deja=1/.test(r.headers.location ?? ''))).to.have.length(0);

    const progress = await getProgress(user.id);
    for (const f of forms) {
      expect(progress.exercises[f.e.id], f.e.id).to.include({ attempts: 1, lastSubmission: f.submission, solved: true });
    }

    const again = await send(forms[7]!).expect(303);
    expect(again.headers.location).to.match(/[?&]deja=1/);
    expect((await agent.get(again.headers.location!).expect(200)).text).to.include(ALREADY);
    expect((await getProgress(user.id)).exercises[forms[7]!.e.id]?.attempts).to.equal(1);
  });

  it('records 20 validations of 20 skills of one resident sent at once, in the progress and the history', async () => {
    const { user } = await makeUser('marie.test', 'resident', 'Site V');
    await makeUser('anim.test', 'leader', 'Site V');
    const leader = await loggedIn('anim.test');
    const skills = [...catalogue().skillById.keys()].slice(0, 20);
    expect(skills).to.have.length(20);
    const page = `/validation/residents/${user.id}`;
    const token = await csrfFor(leader, page);
    const answers = await Promise.all(
      skills.map((skill) =>
        leader
          .post(`${page}/competences`)
          .type('form')
          .send({ _csrf: token, skill, method: 'atelier', level: 'seul', day: dayInBrest(new Date()), comment: '' }),
      ),
    );
    expect(answers.map((r) => r.status)).to.deep.equal(skills.map(() => 303));
    // The progress document is what eligibility reads.
    const progress = await getProgress(user.id);
    expect(skills.filter((s) => !progress.skills[s]?.validation)).to.deep.equal([]);
    const events = await ValidationEvent.find({ user: new mongoose.Types.ObjectId(user.id) }).lean();
    expect(events.map((e) => e.skill).sort()).to.deep.equal([...skills].sort());
  });

  it('makes one household of 20 residents created at once for one flat', async () => {
    await makeUser('anim.test', 'leader', 'Site H');
    const leader = await loggedIn('anim.test');
    const names = Array.from({ length: 20 }, (_, i) => `Habitant${i}`);
    const token = await csrfFor(leader, '/residents/nouveau');
    const answers = await Promise.all(
      names.map((firstName) =>
        leader
          .post('/residents')
          .type('form')
          .send({ _csrf: token, ...RESIDENT, firstName }),
      ),
    );
    expect(answers.map((r) => r.status)).to.deep.equal(names.map(() => 303));
    const households = await Household.find().lean();
    expect(households).to.have.length(1);
    const residents = await Resident.find().lean();
    expect(residents).to.have.length(20);
    expect(new Set(residents.map((r) => String(r.household)))).to.deep.equal(new Set([String(households[0]!._id)]));
  });
});
