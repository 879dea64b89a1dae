/**
 * Facts that change are dated. A law, a short service number, an amount, a percentage
 * or a year can change; the content says when it was last checked on an official source:
 * - in a lesson, each step (`##` section) that holds such a fact has a sentence
 *   « Vérifié en décembre 2026 sur service-public.gouv.fr. »;
 * - an exercise whose texts hold such a fact has `verified: décembre 2026` (the result
 *   page shows it). Amounts in exercises are left out: they are the made-up prices of a
 *   pretend bill or offer, and the real ones are taught, and dated, in the lessons.
 * Not read as facts: quotes « … » (what a screen or a person says), images, web
 * addresses, and amounts on a line that says "exemple". A date after the current month
 * is a typo.
 */
import type { Catalogue, Exercise } from '../catalogue/index.js';
import { exerciseFile, yamlFields, type ContentFiles, type LessonText } from './content-check.files.js';
import { stripNonProse } from './content-check.sentences.js';
import type { ContentProblem } from './content.problems.js';
import { MONTHS } from './content.schema.js';
import { fold } from './glossary.js';

interface FactKind {
  readonly name: string;
  readonly pattern: RegExp;
  /** Amounts in exercises are made up (see above). */
  readonly inExercises: boolean;
}

export const FACT_KINDS: readonly FactKind[] = [
  { name: 'un numéro court', pattern: /(?<![\p{L}\p{N}])(?:3\d{3}|33700)(?![\p{L}\p{N}])/u, inExercises: true },
  // A year that dates a rule ("depuis 2025", "jusqu'au 12 octobre 2027"), not a document ("la quittance de mars 2026").
  {
    name: 'une date',
    pattern:
      /(?<![\p{L}])(?:depuis|jusqu|partir|dès|des le|avant|après|apres|en)(?![\p{L}])[^.;!?]{0,25}?(?<![\p{L}\p{N}/.-])(?:19|20)\d\d(?![\p{L}\p{N}/-])/iu,
    inExercises: true,
  },
  { name: 'un montant', pattern: /\d(?:[.,]\d+)?\s?(?:€|euros?(?![\p{L}]))/u, inExercises: false },
  { name: 'un pourcentage', pattern: /\d\s?%/u, inExercises: true },
  { name: 'une loi', pattern: /(?<![\p{L}])(?:la|une|cette|par la) loi(?![\p{L}])/iu, inExercises: true },
];

const MONTH_NAMES = MONTHS.map((m) => fold(m)).join('|');
/** « Vérifié en décembre 2026 », « vérifiés en novembre 2026 »... */
const VERIFIED = new RegExp(`verifi(?:e|ee|es|ees) en (${MONTH_NAMES}) (20\\d\\d)`, 'u');

/** The text a fact is looked for in: no quotes, images, links targets or web addresses. */
function factText(line: string): string {
  return stripNonProse(line.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\]\([^)]*\)/g, ']')).replace(/«[^»]*»/g, ' ');
}

/** The first fact of a line, or null. */
export function factIn(line: string, inExercise = false): FactKind | null {
  const text = factText(line);
  const example = /exemple/i.test(text);
  return (
    FACT_KINDS.find(
      (k) => (inExercise ? k.inExercises : true) && !(k.name === 'un montant' && example) && k.pattern.test(text),
    ) ?? null
  );
}

/** Month index (1..12) and year of a "vérifié en" date; null when the text holds none. */
export function verifiedDate(text: string): { month: number; year: number } | null {
  const match = VERIFIED.exec(fold(text));
  if (!match) return null;
  return { month: MONTH_NAMES.split('|').indexOf(match[1] as string) + 1, year: Number(match[2]) };
}

const inFuture = (d: { month: number; year: number }, now: Date): boolean =>
  d.year * 12 + d.month > now.getFullYear() * 12 + now.getMonth() + 1;

/** Steps of a lesson: the body cut at each `##` title, with the file line of each line. */
function steps(lesson: LessonText): { line: number; text: string }[][] {
  const out: { line: number; text: string }[][] = [[]];
  lesson.body.split('\n').forEach((text, i) => {
    if (/^\s{0,3}##\s/.test(text)) out.push([]);
    out[out.length - 1]!.push({ line: lesson.bodyLine + i, text });
  });
  return out;
}

function lessonFactProblems(lesson: LessonText, now: Date): ContentProblem[] {
  const out: ContentProblem[] = [];
  for (const step of steps(lesson)) {
    const dated = step.find((l) => verifiedDate(l.text));
    const date = dated ? verifiedDate(dated.text) : null;
    if (dated && date && inFuture(date, now)) {
      out.push({ file: lesson.file, line: dated.line, message: 'Cette date de vérification est dans le futur.' });
    }
    const fact = step.map((l) => ({ ...l, kind: factIn(l.text) })).find((l) => l.kind !== null && !/^\s*#/.test(l.text));
    if (fact && !dated) {
      out.push({
        file: lesson.file,
        line: fact.line,
        message: `Un fait qui peut changer (${fact.kind!.name}) : datez-le dans cette étape, « Vérifié en <mois> <année> sur <site officiel>. »`,
      });
    }
  }
  return out;
}

/** Fields of an exercise whose facts need a date: what it asks, asserts and explains. */
const FACT_FIELDS: readonly (readonly string[])[] = [
  ['question'],
  ['statement'],
  ['feedback', 'right'],
  ['feedback', 'wrong'],
  ['feedback', 'next'],
  ['options', '*', 'text'],
  ['items', '*', 'text'],
  ['pairs', '*', 'left'],
  ['pairs', '*', 'right'],
];

function exerciseFactProblems(e: Exercise, files: ContentFiles, now: Date): ContentProblem[] {
  const source = exerciseFile(files, e.moduleId, e.file);
  if (!source) return [];
  if (e.verified !== undefined) {
    const date = verifiedDate(`vérifié en ${e.verified}`);
    return date && inFuture(date, now)
      ? [{ file: source.file, line: source.line(['verified']), message: 'Cette date de vérification est dans le futur.' }]
      : [];
  }
  const fact = yamlFields(source.text, FACT_FIELDS)
    .flatMap((f) => f.text.split('\n').map((text, i) => ({ text, line: f.line + (f.block ? i : 0) })))
    .map((l) => ({ ...l, kind: factIn(l.text, true) }))
    .find((l) => l.kind !== null);
  if (!fact) return [];
  return [
    {
      file: source.file,
      line: fact.line,
      message: `Un fait qui peut changer (${fact.kind!.name}) : ajoutez verified: "<mois> <année>" quand il est vérifié sur un site officiel.`,
    },
  ];
}

/** Every fact that can change carries the month it was checked, not in the future. */
export function factProblems(files: ContentFiles, catalogue: Catalogue, now: Date): ContentProblem[] {
  return [
    ...files.modules.flatMap((m) => m.lessons.flatMap((l) => lessonFactProblems(l, now))),
    ...catalogue.modules.flatMap((m) => m.exercises.flatMap((e) => exerciseFactProblems(e, files, now))),
  ];
}
