/**
 * The before/after self-assessment of a workshop, pure: which session a resident answers
 * for, what a form says, and the lines of a record or a skills booklet.
 */
import { addDays, storedDay } from '../../platform/day.js';

export const SELF_ANSWERS = ['sait', 'pas-encore'] as const;
export type SelfAnswer = (typeof SELF_ANSWERS)[number];
export type Answers = Record<string, SelfAnswer>;
export const MOMENTS = ['avant', 'apres'] as const;
export type Moment = (typeof MOMENTS)[number];

/** How long after a session its "after" may still be given (at home, the next days). */
export const AFTER_DAYS = 7;

/**
 * The session a resident answers for on a workshop's page: the latest of that workshop
 * they attend, dated today or in the last AFTER_DAYS days; none otherwise.
 */
export function sessionToAssess<S extends { moduleId: string; date: Date }>(
  sessions: readonly S[],
  moduleId: string,
  today: string,
): S | null {
  const from = addDays(today, -AFTER_DAYS);
  const fitting = sessions.filter((s) => s.moduleId === moduleId && storedDay(s.date) >= from && storedDay(s.date) <= today);
  return fitting.sort((a, b) => b.date.getTime() - a.date.getTime())[0] ?? null;
}

/** A form's answers: one of "sait" / "pas encore" for every skill, or the skills left out. */
export function answersOf(skillIds: readonly string[], body: Record<string, unknown>): { answers: Answers; missing: string[] } {
  const answers: Answers = {};
  const missing: string[] = [];
  for (const id of skillIds) {
    const v = body[`c-${id}`];
    if (typeof v === 'string' && (SELF_ANSWERS as readonly string[]).includes(v)) answers[id] = v as SelfAnswer;
    else missing.push(id);
  }
  return { answers, missing };
}

export interface BeforeAfter {
  before: SelfAnswer | null;
  after: SelfAnswer | null;
  sessionDate: Date;
}

/** Per skill, the answers of the latest session where it was answered (before or after). */
export function latestAnswers(
  docs: readonly { sessionDate: Date; before: Answers | null; after: Answers | null }[],
): Map<string, BeforeAfter> {
  const out = new Map<string, BeforeAfter>();
  const oldestFirst = [...docs].sort((a, b) => a.sessionDate.getTime() - b.sessionDate.getTime());
  for (const d of oldestFirst) {
    const skills = new Set([...Object.keys(d.before ?? {}), ...Object.keys(d.after ?? {})]);
    for (const id of skills)
      out.set(id, { before: d.before?.[id] ?? null, after: d.after?.[id] ?? null, sessionDate: d.sessionDate });
  }
  return out;
}

/** "je sais" / "pas encore" in plain words. */
export const ANSWER_WORDS: Record<SelfAnswer, string> = { sait: 'je sais', 'pas-encore': 'pas encore' };

export interface BookletSkill {
  title: string;
  before: SelfAnswer | null;
  after: SelfAnswer | null;
  validation: { level: string; date: Date } | null;
}
export interface BookletModule {
  title: string;
  skills: BookletSkill[];
}

/**
 * The skills booklet's content: every skill the resident answered for or had validated,
 * by workshop in the catalogue's order, in the workshop's skill order.
 */
export function bookletModules(
  modules: readonly { title: string; skills: readonly { id: string; title: string }[] }[],
  validations: Record<string, { level: string; date: Date } | undefined>,
  answers: Map<string, BeforeAfter>,
): BookletModule[] {
  return modules
    .map((m) => ({
      title: m.title,
      skills: m.skills
        .filter((s) => answers.has(s.id) || validations[s.id])
        .map((s) => ({
          title: s.title,
          before: answers.get(s.id)?.before ?? null,
          after: answers.get(s.id)?.after ?? null,
          validation: validations[s.id] ?? null,
        })),
    }))
    .filter((m) => m.skills.length > 0);
}
