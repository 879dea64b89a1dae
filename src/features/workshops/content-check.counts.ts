/**
 * Enough practice for each skill: at least 8 scored exercises per module (the
 * self-assessments do not count), at least 2 per skill, and of 2 types at least, so that
 * a skill is never checked by true/false alone.
 */
import type { Catalogue } from '../catalogue/index.js';
import type { ContentFiles } from './content-check.files.js';
import type { ContentProblem } from './content.problems.js';

/** Each module has at least this many scored exercises (self-assessments do not count)... */
export const MIN_SCORED_PER_MODULE = 8;
/** ...and each skill at least this many... */
export const MIN_SCORED_PER_SKILL = 2;
/** ...of at least this many types. */
export const MIN_TYPES_PER_SKILL = 2;

/** Scored exercises per module and per skill, reported on module.yaml at the skill's line. */
export function scoredCountProblems(files: ContentFiles, catalogue: Catalogue): ContentProblem[] {
  const out: ContentProblem[] = [];
  for (const m of catalogue.modules) {
    const texts = files.modules.find((x) => x.moduleId === m.id)?.module;
    const file = texts?.file ?? `${files.label}/${m.id}/module.yaml`;
    const scored = m.exercises.filter((e) => e.type !== 'auto-evaluation');
    if (scored.length < MIN_SCORED_PER_MODULE) {
      out.push({
        file,
        line: 1,
        message: `Le module a ${scored.length} exercice(s) noté(s) : il en faut au moins ${MIN_SCORED_PER_MODULE}.`,
      });
    }
    m.skills.forEach((skill, i) => {
      const own = scored.filter((e) => e.skill === skill.id);
      const line = texts?.line(['skills', i, 'id']) ?? 1;
      const types = new Set(own.map((e) => e.type));
      if (own.length < MIN_SCORED_PER_SKILL) {
        out.push({
          file,
          line,
          message: `La compétence « ${skill.id} » a ${own.length} exercice(s) noté(s) : il en faut au moins ${MIN_SCORED_PER_SKILL}.`,
        });
      } else if (types.size < MIN_TYPES_PER_SKILL) {
        out.push({
          file,
          line,
          message: `La compétence « ${skill.id} » n’a que des exercices ${[...types].join(', ')} : variez, avec au moins ${MIN_TYPES_PER_SKILL} types d’exercices notés.`,
        });
      }
    });
  }
  return out;
}
