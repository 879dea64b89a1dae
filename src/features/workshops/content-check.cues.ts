/**
 * Choices without cues. A resident must not find the right option without reading:
 * - it must not be the longest option too often (at most 40 % of the exercises with one
 *   right option: choix-unique and situation), nor the shortest (the same cue, reversed);
 * - in the files, which the printed workbook follows, it must not sit at one place too
 *   often (at most 40 % at any place). On screen the options are shuffled anyway.
 * Both limits hold for all modules together, and for each module that has at least 5
 * such exercises. Options also speak in one person: all "je", or none.
 */
import type { Catalogue, Choice, Exercise, Module } from '../catalogue/index.js';
import { exerciseFile, type ContentFiles } from './content-check.files.js';
import type { ContentProblem } from './content.problems.js';

export const MAX_CUE_SHARE = 0.4;
/** Below this many single-answer exercises, a module's share says little: only the total counts. */
export const MIN_FOR_MODULE_LIMIT = 5;

type OneAnswer = Extract<Exercise, { type: 'choix-unique' | 'situation' }>;
const oneAnswer = (e: Exercise): e is OneAnswer => e.type === 'choix-unique' || e.type === 'situation';

export interface CueStats {
  /** Exercises with one right option (choix-unique, situation). */
  readonly exercises: number;
  /** Those whose right option is longer than every other (options of equal length give no cue). */
  readonly longest: number;
  /** Those whose right option is shorter than every other. */
  readonly shortest: number;
  /** The place (1 = first) where right options sit most often in the files, and how often. */
  readonly place: number;
  readonly atPlace: number;
}

const length = (c: Choice): number => Array.from(c.text.text.trim()).length;

/** True when the right option is longer (`longest`) or shorter than every other one. */
export function rightIsLongest(e: OneAnswer, longest = true): boolean {
  const right = e.options.find((o) => o.id === e.answer);
  const beyond = (o: Choice) => (longest ? length(o) < length(right!) : length(o) > length(right!));
  return right !== undefined && e.options.every((o) => o === right || beyond(o));
}

export function cueStats(exercises: readonly Exercise[]): CueStats {
  const list = exercises.filter(oneAnswer);
  const places = new Map<number, number>();
  for (const e of list) {
    const place = e.options.findIndex((o) => o.id === e.answer) + 1;
    places.set(place, (places.get(place) ?? 0) + 1);
  }
  const [place, atPlace] = [...places].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0, 0];
  return {
    exercises: list.length,
    longest: list.filter((e) => rightIsLongest(e)).length,
    shortest: list.filter((e) => rightIsLongest(e, false)).length,
    place,
    atPlace,
  };
}

const percent = (n: number, total: number): string => `${Math.round((100 * n) / total)} %`;

function shareProblems(file: string, stats: CueStats, where: string): ContentProblem[] {
  const out: ContentProblem[] = [];
  const limit = Math.floor(MAX_CUE_SHARE * stats.exercises);
  if (stats.longest > limit) {
    out.push({
      file,
      line: 1,
      message: `${where} : la bonne réponse est la plus longue dans ${stats.longest} exercices sur ${stats.exercises} (${percent(stats.longest, stats.exercises)}) : 40 % au plus.`,
    });
  }
  if (stats.shortest > limit) {
    out.push({
      file,
      line: 1,
      message: `${where} : la bonne réponse est la plus courte dans ${stats.shortest} exercices sur ${stats.exercises} (${percent(stats.shortest, stats.exercises)}) : 40 % au plus.`,
    });
  }
  if (stats.atPlace > limit) {
    out.push({
      file,
      line: 1,
      message: `${where} : la bonne réponse est le choix n°${stats.place} dans ${stats.atPlace} exercices sur ${stats.exercises} (${percent(stats.atPlace, stats.exercises)}) : 40 % au plus à une même place.`,
    });
  }
  return out;
}

const FIRST_PERSON = /^\s*(?:«\s*)?(?:je|j['’])/iu;

function personProblems(m: Module, files: ContentFiles): ContentProblem[] {
  return m.exercises.flatMap((e) => {
    if (e.type !== 'choix-unique' && e.type !== 'choix-multiple' && e.type !== 'situation') return [];
    const firsts = e.options.filter((o) => FIRST_PERSON.test(o.text.text)).length;
    if (firsts === 0 || firsts === e.options.length) return [];
    const source = exerciseFile(files, e.moduleId, e.file);
    return [
      {
        file: source?.file ?? e.file,
        line: source?.line(['options']) ?? 1,
        message: 'Les choix parlent à la même personne : tous avec « je », ou aucun.',
      },
    ];
  });
}

/** Cues per module and for all modules, and the person of the options. */
export function cueProblems(files: ContentFiles, catalogue: Catalogue): ContentProblem[] {
  const out: ContentProblem[] = [];
  for (const m of catalogue.modules) {
    const stats = cueStats(m.exercises);
    const file = files.modules.find((x) => x.moduleId === m.id)?.module.file ?? `${files.label}/${m.id}/module.yaml`;
    if (stats.exercises >= MIN_FOR_MODULE_LIMIT) out.push(...shareProblems(file, stats, `Module « ${m.id} »`));
    out.push(...personProblems(m, files));
  }
  const all = cueStats(catalogue.modules.flatMap((m) => m.exercises));
  if (all.exercises > 0) out.push(...shareProblems(files.label, all, 'Tous les modules'));
  return out;
}
