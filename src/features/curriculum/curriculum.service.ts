/**
 * Read-only views of the catalogue for leaders: a paper workbook per module, and the
 * list of every skill with its Pix/CRCN and PIM mappings. Pure functions of the
 * in-memory catalogue: no database, nothing written.
 */
import { displayOrder } from '../exercises/index.js';
import {
  catalogue,
  CRCN_AREAS,
  CRCN_COMPETENCES,
  PIM_DOMAINS,
  type Catalogue,
  type Exercise,
  type Module,
  type Skill,
} from '../workshops/index.js';
import type { Choice, Rich } from '../catalogue/index.js';
import { NotFound } from '../../platform/errors.js';

// The Pix / CRCN framework is the content's vocabulary: workshops' content.schema.ts holds it.
export { CRCN_AREAS, CRCN_COMPETENCES };
export const CRCN_AREA_IDS = ['1', '2', '3', '4', '5'] as const;
export type CrcnArea = (typeof CRCN_AREA_IDS)[number];
/** The PIM domains by number: "3" is PIM_DOMAINS[2]. */
export const PIM_DOMAIN_IDS = ['1', '2', '3', '4', '5'] as const;
export type PimDomain = (typeof PIM_DOMAIN_IDS)[number];
const pimName = (id: PimDomain): string => PIM_DOMAINS[Number(id) - 1] ?? '';

// ------------------------------------------------------------------ the workbook

/** Stable on paper: every printout of a module shows the same order. */
const PRINT_SEED = 'cahier-imprime';
const LETTERS = 'ABCDEFGHIJ';

export interface WorkbookItem {
  /** 1-based, across the module: the leader says « exercice 7 ». */
  readonly number: number;
  readonly exercise: Exercise;
  readonly skill: Skill | undefined;
  /** Ordering: the steps in print order, each to be numbered by hand. */
  readonly steps?: readonly Choice[];
  /** Matching: the right-hand texts in print order, with their letter. */
  readonly rights?: readonly { readonly letter: string; readonly text: Rich }[];
}

/** One line of the answer key, in plain text (escaped by the view). */
export interface AnswerKeyLine {
  readonly number: number;
  readonly answer: string;
}

export interface Workbook {
  readonly module: Module;
  /** Lesson HTML with headings one level down: the lesson title is the h2 on paper. */
  readonly lessons: readonly { readonly id: string; readonly title: string; readonly html: string }[];
  readonly items: readonly WorkbookItem[];
  /** Null unless asked for by a leader or a coordinator. */
  readonly answers: readonly AnswerKeyLine[] | null;
}

function byIds<T extends { id: string }>(list: readonly T[], ids: readonly string[]): T[] {
  return ids.map((id) => list.find((x) => x.id === id)).filter((x): x is T => x !== undefined);
}

function printItem(exercise: Exercise, number: number, skills: ReadonlyMap<string, Skill>): WorkbookItem {
  const base = { number, exercise, skill: skills.get(exercise.skill) };
  if (exercise.type === 'remettre-en-ordre') {
    return { ...base, steps: byIds(exercise.items, displayOrder(exercise, PRINT_SEED)) };
  }
  if (exercise.type === 'associer') {
    const rights = byIds(exercise.pairs, displayOrder(exercise, PRINT_SEED));
    return { ...base, rights: rights.map((p, i) => ({ letter: LETTERS[i] ?? String(i + 1), text: p.right })) };
  }
  return base;
}

/** `<h2>` -> `<h3>` and so on (rendered lesson HTML holds no raw HTML from authors). */
export function demoteHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-5])>/g, (_m, slash: string, level: string) => `<${slash}h${Number(level) + 1}>`);
}

const optionText = (options: readonly Choice[], id: string): string => options.find((o) => o.id === id)?.text.text ?? id;

/** The right answer of a printed exercise, in words; null for a self-assessment. */
export function answerOf(item: WorkbookItem, trueFalse: { true: string; false: string }): string | null {
  const ex = item.exercise;
  switch (ex.type) {
    case 'choix-unique':
    case 'situation':
      return optionText(ex.options, ex.answer);
    case 'choix-multiple':
      return ex.answers.map((id) => optionText(ex.options, id)).join(' ; ');
    case 'vrai-faux':
      return ex.answer ? trueFalse.true : trueFalse.false;
    case 'reponse-courte':
      return ex.answers.join(' / ');
    case 'remettre-en-ordre':
      return ex.items.map((step, i) => `${i + 1}. ${step.text.text}`).join(' ; ');
    case 'associer': {
      const rights = item.rights ?? [];
      return ex.pairs.map((p, i) => `${i + 1} → ${rights.find((r) => r.text === p.right)?.letter ?? '?'}`).join(' ; ');
    }
    case 'zone-image':
      return ex.zones.find((z) => z.id === ex.answer)?.label.text ?? ex.answer;
    case 'auto-evaluation':
      return null;
  }
}

export function workbook(
  moduleId: string,
  opts: { withAnswers: boolean; trueFalse: { true: string; false: string } },
  cat: Catalogue = catalogue(),
): Workbook {
  const module = cat.moduleById.get(moduleId);
  if (!module) throw new NotFound('curriculum.errors.moduleNotFound');
  const skills = new Map(module.skills.map((s) => [s.id, s]));
  // Scored exercises first, in file order; the self-assessments close the workbook.
  const scored = module.exercises.filter((e) => e.type !== 'auto-evaluation');
  const self = module.exercises.filter((e) => e.type === 'auto-evaluation');
  const items = [...scored, ...self].map((e, i) => printItem(e, i + 1, skills));
  const answers = opts.withAnswers
    ? items.flatMap((item) => {
        const answer = answerOf(item, opts.trueFalse);
        return answer === null ? [] : [{ number: item.number, answer }];
      })
    : null;
  const lessons = module.lessons.map((l) => ({ id: l.id, title: l.title, html: demoteHeadings(l.html) }));
  return { module, lessons, items, answers };
}

// ------------------------------------------------------------------ the skills list

export interface SkillRow {
  readonly skill: Skill;
  readonly crcnName: string;
  /** Every exercise of the skill, self-assessment included. */
  readonly exercises: number;
  /** Exercises with a right answer (all but the self-assessment). */
  readonly scored: number;
}

export interface SkillsPage {
  readonly area: CrcnArea | null;
  readonly areas: readonly { readonly id: CrcnArea; readonly name: string }[];
  readonly pim: PimDomain | null;
  readonly pimDomains: readonly { readonly id: PimDomain; readonly name: string }[];
  /** CRCN competences that no skill of the workshops maps to (e.g. 2.3 Collaborer): said, not hidden. */
  readonly uncovered: readonly { readonly id: string; readonly name: string }[];
  readonly modules: readonly { readonly module: Module; readonly skills: readonly SkillRow[] }[];
  readonly total: number;
}

/** Skills filtered by CRCN area and by PIM domain (null: all). */
export function skillsPage(area: CrcnArea | null, cat: Catalogue = catalogue(), pim: PimDomain | null = null): SkillsPage {
  const modules = cat.modules
    .map((module) => ({
      module,
      skills: module.skills
        .filter((s) => area === null || (s.crcn ?? '').startsWith(`${area}.`))
        .filter((s) => pim === null || s.pim === pimName(pim))
        .map((skill) => {
          const exercises = module.exercises.filter((e) => e.skill === skill.id);
          return {
            skill,
            crcnName: skill.crcn ? (CRCN_COMPETENCES[skill.crcn] ?? '') : '',
            exercises: exercises.length,
            scored: exercises.filter((e) => e.type !== 'auto-evaluation').length,
          };
        }),
    }))
    .filter((m) => m.skills.length > 0);
  return {
    area,
    areas: CRCN_AREA_IDS.map((id) => ({ id, name: CRCN_AREAS[id] ?? '' })),
    pim,
    pimDomains: PIM_DOMAIN_IDS.map((id) => ({ id, name: pimName(id) })),
    uncovered: Object.entries(CRCN_COMPETENCES)
      .filter(([id]) => !cat.allSkills().some((s) => s.crcn === id))
      .map(([id, name]) => ({ id, name })),
    modules,
    total: modules.reduce((n, m) => n + m.skills.length, 0),
  };
}
