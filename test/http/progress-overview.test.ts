/**
 * The learner's progress overview (src/features/progress/progress-overview-rules.ts):
 * kept by every write of the progress, read by the pages of counts, made whole by its
 * migration, checked and made again by `npm run stats:rebuild`. Real app, real engine.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { rightAnswer, wrongAnswer } from '../../src/features/exercises/sample-answers.js';
import {
  getProgressOverview,
  progressOverviewMigration,
  rebuildProgressOverviews,
  recordSelfAssessment,
  removeValidation,
  setValidation,
} from '../../src/features/progress/index.js';
import { catalogue, type Exercise } from '../../src/features/workshops/index.js';
import { directContext } from '../../src/platform/background.js';
import { aLeader } from '../helpers/certificate-builders.js';
import { csrfOf, loggedIn, makeUser, type Agent } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

const exerciseUrl = (e: Exercise) => `/ateliers/${e.moduleId}/exercices/${e.id}`;
const overviews = () => mongoose.connection.collection('progress_overviews');

async function answer(agent: Agent, e: Exercise, body: Record<string, string | string[]>): Promise<void> {
  const page = await agent.get(exerciseUrl(e)).expect(200);
  const submission = /name="submission" value="([^"]+)"/.exec(page.text)![1]!;
  await agent
    .post(exerciseUrl(e))
    .type('form')
    .send({ _csrf: csrfOf(page.text), submission, ...body })
    .expect(303);
}

/**
 * The number of solved exercises that a page's progress bar of `moduleId` shows: the
 * first bar after the module's link (the catalogue, "ma progression"), or the page's
 * only bar (the module's own page, which has no link to itself).
 */
function solvedShown(html: string, moduleId: string): number {
  const at = Math.max(0, html.indexOf(`href="/ateliers/${moduleId}"`));
  const bar = /<progress max="\d+" value="(\d+)"/.exec(html.slice(at));
  if (!bar) throw new Error(`no progress bar for ${moduleId}`);
  return Number(bar[1]);
}

const scored = (moduleIndex: number) => catalogue().modules[moduleIndex]!.exercises.filter((e) => e.type !== 'auto-evaluation');

describe('progress overview (HTTP, real database)', () => {
  let resident: Agent;
  let residentId: string;

  beforeEach(async () => {
    await clearDatabase();
    const { user } = await makeUser('marie.test', 'resident', 'Site A');
    residentId = user.id;
    resident = await loggedIn('marie.test');
  });

  it('follows answers, self-assessments and validations, and the pages show its counts', async () => {
    const [a, b, c] = scored(0);
    await answer(resident, a!, rightAnswer(a!));
    await answer(resident, b!, wrongAnswer(b!));
    await answer(resident, c!, wrongAnswer(c!));
    await answer(resident, c!, rightAnswer(c!));
    const skill = catalogue().modules[0]!.skills[0]!;
    const now = new Date();
    await recordSelfAssessment(residentId, skill.id, 'avec-aide', now);
    const { user: leader } = await aLeader('anim.test', 'Site A');
    const by = new mongoose.Types.ObjectId(leader.id);
    const validation = {
      by,
      byName: 'Anim Test',
      date: now,
      method: 'atelier' as const,
      level: 'seul' as const,
      comment: 'Très bien, Marie',
      at: now,
    };
    await setValidation(residentId, skill.id, validation, now);

    const o = await getProgressOverview(residentId);
    expect(o.exercises).to.deep.equal({ [a!.id]: { solved: true }, [b!.id]: { solved: false }, [c!.id]: { solved: true } });
    expect(o.skills[skill.id]).to.include({ self: 'avec-aide' });
    // The validation's comment is a free text: never copied into the overview.
    expect(o.skills[skill.id]!.validation).to.deep.equal({ byName: 'Anim Test', date: now, level: 'seul' });
    expect(o.last).to.deep.equal({ module: c!.moduleId, kind: 'exercice', id: c!.id });
    expect((await rebuildProgressOverviews({ dryRun: true })).differences).to.deep.equal([]);

    const moduleId = catalogue().modules[0]!.id;
    for (const url of ['/ateliers', '/ma-progression', `/ateliers/${moduleId}`]) {
      expect(solvedShown((await resident.get(url).expect(200)).text, moduleId), url).to.equal(2);
    }
    const modulePage = (await resident.get(`/ateliers/${moduleId}`).expect(200)).text;
    expect(modulePage.match(/badge-ok/g)).to.have.length(2);

    await removeValidation(residentId, skill.id, new Date());
    expect((await getProgressOverview(residentId)).skills[skill.id]!.validation).to.equal(undefined);
    expect((await rebuildProgressOverviews({ dryRun: true })).differences).to.deep.equal([]);
  });

  it('counts every one of several answers sent at once', async () => {
    const some = scored(1).slice(0, 6);
    await Promise.all(some.map((e) => answer(resident, e, rightAnswer(e))));
    expect(Object.keys((await getProgressOverview(residentId)).exercises)).to.have.members(some.map((e) => e.id));
    expect((await rebuildProgressOverviews({ dryRun: true })).differences).to.deep.equal([]);
  });

  it('is made by the migration for progress written before it, and the pages read the progress meanwhile', async () => {
    const [a, b] = scored(0);
    await answer(resident, a!, rightAnswer(a!));
    await answer(resident, b!, rightAnswer(b!));
    await overviews().deleteMany({});
    const moduleId = a!.moduleId;
    // No overview yet: the page reads the whole progress and shows the same counts.
    expect(solvedShown((await resident.get('/ma-progression').expect(200)).text, moduleId)).to.equal(2);
    const check = await rebuildProgressOverviews({ dryRun: true });
    expect(check.differences).to.have.length(1);
    expect(check.differences[0]).to.match(/résumé absent/);

    expect(await progressOverviewMigration.run(directContext)).to.equal(1);
    expect((await rebuildProgressOverviews({ dryRun: true })).differences).to.deep.equal([]);
    // Resumed or run again, it finds nothing left to write.
    expect(await progressOverviewMigration.run(directContext)).to.equal(0);
    expect(solvedShown((await resident.get('/ma-progression').expect(200)).text, moduleId)).to.equal(2);
  });

  it('is put right by the rebuild when it differs from the progress, and an overview without progress is removed', async () => {
    const [a, b] = scored(0);
    await answer(resident, a!, rightAnswer(a!));
    await overviews().updateOne({ _id: new mongoose.Types.ObjectId(residentId) }, { $set: { [`answered.${b!.id}`]: true } });
    const stray = new mongoose.Types.ObjectId();
    await overviews().insertOne({ _id: stray, answered: {}, skills: {} });
    expect(solvedShown((await resident.get('/ateliers').expect(200)).text, a!.moduleId)).to.equal(2);

    const check = await rebuildProgressOverviews({ dryRun: true });
    expect(check.differences).to.have.length(2);
    expect(check.written).to.equal(0);
    const fixed = await rebuildProgressOverviews();
    expect(fixed.written).to.equal(2);
    expect((await rebuildProgressOverviews({ dryRun: true })).differences).to.deep.equal([]);
    expect(await overviews().findOne({ _id: stray })).to.equal(null);
    expect(solvedShown((await resident.get('/ateliers').expect(200)).text, a!.moduleId)).to.equal(1);
  });
});
