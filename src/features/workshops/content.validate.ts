/**
 * Rules across files that the schema of one file cannot see: module id = folder name,
 * unique orders and ids, skills and lessons that exist, the minimum counts. Problems
 * are reported at the file and line to fix.
 */
import type { Problems } from './content.problems.js';
import type { Path, RawModule, Source } from './content.parse.js';
import type { ModuleFile } from './content.schema.js';

/** Editorial rules from the content README. */
export const MIN_EXERCISES_PER_MODULE = 8;

/** Owners of ids across every module: the first one wins, the next ones are reported. */
interface Owners {
  readonly skills: Map<string, string>;
  readonly exercises: Map<string, string>;
  readonly moduleOrders: Map<number, string>;
}

function checkModuleFile(raw: RawModule, mod: Source<ModuleFile>, owners: Owners, problems: Problems): void {
  if (mod.data.id !== raw.folder) {
    problems.add(mod.file, mod.line(['id']), `id « ${mod.data.id} » : il doit être le nom du dossier (« ${raw.folder} »).`);
  }
  const sameOrder = owners.moduleOrders.get(mod.data.order);
  if (sameOrder)
    problems.add(mod.file, mod.line(['order']), `order ${mod.data.order} : déjà pris par le module « ${sameOrder} ».`);
  owners.moduleOrders.set(mod.data.order, mod.data.id);
  mod.data.skills.forEach((skill, i) => {
    const other = owners.skills.get(skill.id);
    if (other) problems.add(mod.file, mod.line(['skills', i, 'id']), `La compétence « ${skill.id} » existe déjà (${other}).`);
    else owners.skills.set(skill.id, `${raw.folder}/module.yaml`);
  });
}

type SkillCheck = (source: Source<unknown>, id: string, at: Path) => void;

function checkLessons(raw: RawModule, checkSkill: SkillCheck, problems: Problems): void {
  const ids = new Set<string>();
  const orders = new Set<number>();
  for (const lesson of raw.lessons) {
    const { id, order, skills } = lesson.data;
    if (ids.has(id)) problems.add(lesson.file, lesson.line(['id']), `Une autre leçon de ce module a déjà l’id « ${id} ».`);
    if (orders.has(order))
      problems.add(lesson.file, lesson.line(['order']), `Une autre leçon de ce module a déjà l’order ${order}.`);
    ids.add(id);
    orders.add(order);
    skills.forEach((skill, i) => checkSkill(lesson, skill, ['skills', i]));
  }
}

/** Checks the exercises of a module; returns the skills that have a self-assessment. */
function checkExercises(raw: RawModule, owners: Owners, checkSkill: SkillCheck, problems: Problems): Set<string> {
  const selfAssessed = new Set<string>();
  for (const exercise of raw.exercises) {
    const { id, skill, lesson, type } = exercise.data;
    const other = owners.exercises.get(id);
    if (other) problems.add(exercise.file, exercise.line(['id']), `L’exercice « ${id} » existe déjà (${other}).`);
    else owners.exercises.set(id, `${raw.folder}/exercices/${exercise.name}`);
    checkSkill(exercise, skill, ['skill']);
    if (lesson !== undefined && !raw.lessonIds.has(lesson)) {
      problems.add(exercise.file, exercise.line(['lesson']), `La leçon « ${lesson} » n’existe pas dans ce module.`);
    }
    if (type === 'auto-evaluation') selfAssessed.add(skill);
  }
  return selfAssessed;
}

function checkCounts(raw: RawModule, mod: Source<ModuleFile>, selfAssessed: ReadonlySet<string>, problems: Problems): void {
  if (raw.lessons.length === 0) problems.add(mod.file, 1, 'Le module n’a aucune leçon (dossier lecons/).');
  if (raw.exerciseFiles < MIN_EXERCISES_PER_MODULE) {
    problems.add(mod.file, 1, `Le module a ${raw.exerciseFiles} exercice(s) : il en faut au moins ${MIN_EXERCISES_PER_MODULE}.`);
  }
  // A broken exercise file may be the missing self-assessment, and with no exercise at all
  // the count above says enough: no extra noise in either case.
  const allRead = raw.exerciseFiles > 0 && raw.exercises.length === raw.exerciseFiles;
  if (!allRead) return;
  mod.data.skills.forEach((skill, i) => {
    if (!selfAssessed.has(skill.id)) {
      problems.add(mod.file, mod.line(['skills', i, 'id']), `La compétence « ${skill.id} » n’a pas d’exercice auto-evaluation.`);
    }
  });
}

export function crossCheck(raws: readonly RawModule[], problems: Problems): void {
  const owners: Owners = { skills: new Map(), exercises: new Map(), moduleOrders: new Map() };
  for (const raw of raws) {
    const mod = raw.module;
    if (mod) checkModuleFile(raw, mod, owners, problems);
    const skillIds = mod ? new Set(mod.data.skills.map((s) => s.id)) : null;
    const checkSkill: SkillCheck = (source, id, at) => {
      if (skillIds && !skillIds.has(id)) {
        problems.add(source.file, source.line(at), `La compétence « ${id} » n’existe pas dans module.yaml de ce module.`);
      }
    };
    checkLessons(raw, checkSkill, problems);
    const selfAssessed = checkExercises(raw, owners, checkSkill, problems);
    if (mod) checkCounts(raw, mod, selfAssessed, problems);
  }
}
