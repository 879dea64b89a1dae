/**
 * Demo progress for `npm run seed:demo`: marie.demo has worked in two modules (some
 * answers right, some wrong, one skill tried only wrong, self-assessments); karim.demo has not started.
 * Idempotent: each demo answer has a fixed submission id, so a second run adds nothing.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureAccount } from '../accounts/index.js';
import { parseAnswer, rightAnswer, scoreAnswer, wrongAnswer } from '../exercises/index.js';
import { getProgress, recordAttempt, recordSelfAssessment } from '../progress/index.js';
import { catalogue } from './catalogue.service.js';

export async function seedDemoProgress(): Promise<{ created: string[] }> {
  // The demo accounts step made her already: found again, never changed.
  const { user: marie } = await ensureAccount({
    ...DEMO_ACCOUNTS.find((a) => a.username === 'marie.demo')!,
    password: DEMO_PASSWORD,
    demo: true,
  });
  const userId = marie.id;
  const created: string[] = [];
  const day = new Date();
  for (const moduleId of ['decouvrir-ordinateur', 'boite-mail']) {
    const module = catalogue().moduleById.get(moduleId);
    if (!module) continue;
    const scored = module.exercises.filter((e) => e.type !== 'auto-evaluation').slice(0, 6);
    for (const [i, e] of scored.entries()) {
      const result = scoreAnswer(e, parseAnswer(e, i % 3 !== 2 ? rightAnswer(e) : wrongAnswer(e)));
      const counted = await recordAttempt(
        userId,
        {
          exerciseId: e.id,
          skillId: e.skill,
          moduleId,
          submission: `demo-${e.id}`,
          score: result.score,
          correct: result.correct,
          answer: null,
        },
        day,
      );
      if (counted) created.push(e.id);
    }
    // One skill tried once, wrong, and nothing else: the leader's validation page warns
    // before validating it (best score under half).
    const tried = new Set(scored.map((e) => e.skill));
    const untried = module.exercises.find((e) => e.type !== 'auto-evaluation' && !tried.has(e.skill));
    if (untried) {
      const result = scoreAnswer(untried, parseAnswer(untried, wrongAnswer(untried)));
      const counted = await recordAttempt(
        userId,
        {
          exerciseId: untried.id,
          skillId: untried.skill,
          moduleId,
          submission: `demo-low-${untried.id}`,
          score: result.score,
          correct: result.correct,
          answer: null,
        },
        day,
      );
      if (counted) created.push(untried.id);
    }
    const progress = await getProgress(userId);
    for (const [i, skill] of module.skills.entries()) {
      if (progress.skills[skill.id]?.self) continue;
      await recordSelfAssessment(userId, skill.id, i % 2 === 0 ? 'seul' : 'avec-aide', day);
    }
  }
  return { created: created.length ? [`${created.length} réponses de marie.demo`] : [] };
}
