/**
 * Demo progress for `npm run seed:demo`: marie.demo has worked in two modules (some
 * answers right, some wrong, self-assessments); karim.demo has not started.
 * Idempotent: each demo answer has a fixed submission id, so a second run adds nothing.
 */
import { User, type UserDoc } from '../accounts/user.model.js';
import { scoreAnswer, parseAnswer } from '../exercises/scoring.js';
import { getProgress, recordAttempt, recordSelfAssessment } from '../progress/index.js';
import { catalogue } from './catalogue.service.js';
import type { Exercise } from './catalogue.types.js';

// Right, then wrong, in turn: a realistic mix that shows both kinds of feedback.
function demoBody(e: Exercise, right: boolean): Record<string, unknown> {
  switch (e.type) {
    case 'choix-unique':
    case 'situation':
      return { answer: right ? e.answer : e.options.find((o) => o.id !== e.answer)!.id };
    case 'zone-image':
      return { answer: right ? e.answer : e.zones.find((z) => z.id !== e.answer)!.id };
    case 'choix-multiple':
      return { answer: right ? [...e.answers] : [] };
    case 'vrai-faux':
      return { answer: String(right ? e.answer : !e.answer) };
    case 'reponse-courte':
      return { answer: right ? e.answers[0] : 'je ne sais pas' };
    case 'remettre-en-ordre': {
      const items = right ? e.items : [...e.items].reverse();
      return Object.fromEntries(items.map((item, i) => [`position-${i + 1}`, item.id]));
    }
    case 'associer': {
      const ids = e.pairs.map((p) => p.id);
      return Object.fromEntries(e.pairs.map((p, i) => [`match-${p.id}`, right ? p.id : ids[(i + 1) % ids.length]]));
    }
    case 'auto-evaluation':
      return { answer: right ? 'seul' : 'avec-aide' };
  }
}

export async function seedDemoProgress(): Promise<{ created: string[] }> {
  const marie = await User.findOne({ username: 'marie.demo' }).lean<UserDoc>();
  if (!marie) return { created: [] };
  const userId = String(marie._id);
  const created: string[] = [];
  const day = new Date();
  for (const moduleId of ['decouvrir-ordinateur', 'boite-mail']) {
    const module = catalogue().moduleById.get(moduleId);
    if (!module) continue;
    const scored = module.exercises.filter((e) => e.type !== 'auto-evaluation').slice(0, 6);
    for (const [i, e] of scored.entries()) {
      const result = scoreAnswer(e, parseAnswer(e, demoBody(e, i % 3 !== 2)));
      const counted = await recordAttempt(
        userId,
        { exerciseId: e.id, skillId: e.skill, moduleId, submission: `demo-${e.id}`, score: result.score, correct: result.correct, answer: null },
        day,
      );
      if (counted) created.push(e.id);
    }
    const progress = await getProgress(userId);
    for (const [i, skill] of module.skills.entries()) {
      if (progress.skills[skill.id]?.self) continue;
      await recordSelfAssessment(userId, skill.id, i % 2 === 0 ? 'seul' : 'avec-aide', day);
    }
  }
  return { created: created.length ? [`${created.length} réponses de marie.demo`] : [] };
}
