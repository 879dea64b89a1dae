/** The check's report as text for a terminal: a table per module, then the totals. */
import type { Catalogue } from '../catalogue/index.js';
import type { CueStats } from './content-check.cues.js';
import type { ContentProblem } from './content.problems.js';
import { MAX_AVERAGE_WORDS, MAX_SENTENCE_WORDS } from './content-check.sentences.js';
import { EXERCISE_TYPES, type ExerciseType } from './content.schema.js';

export interface ModuleStats {
  readonly id: string;
  readonly title: string;
  readonly skills: number;
  readonly lessons: number;
  readonly exercises: number;
  readonly byType: Readonly<Record<ExerciseType, number>>;
  readonly sentences: number;
  readonly averageWords: number;
  readonly longest: number;
  /** Where the right option of single-answer exercises is a cue (see content-check.cues). */
  readonly cues: CueStats;
}

export interface CheckReport {
  /** Errors: the loader's problems, then each rule's. Sorted by file and line. */
  readonly problems: readonly ContentProblem[];
  /** Null when the loader refused the content. */
  readonly catalogue: Catalogue | null;
  readonly modules: readonly ModuleStats[];
  readonly totals: {
    readonly modules: number;
    readonly skills: number;
    readonly lessons: number;
    readonly exercises: number;
    readonly byType: Readonly<Record<ExerciseType, number>>;
    readonly sentences: number;
    readonly averageWords: number;
    readonly cues: CueStats;
  };
  /** True when every rule holds, the average included. */
  readonly ok: boolean;
}

const SHORT: Record<ExerciseType, string> = {
  'choix-unique': 'unique',
  'choix-multiple': 'multiple',
  'vrai-faux': 'vf',
  'reponse-courte': 'court',
  'remettre-en-ordre': 'ordre',
  associer: 'assoc',
  'zone-image': 'zone',
  situation: 'situ',
  'auto-evaluation': 'auto',
};

/** "2/6" and the share: how often the right option is the longest, or at its most used place. */
const share = (n: number, total: number): string => (total === 0 ? '-' : `${n}/${total} ${Math.round((100 * n) / total)}%`);
const cueCells = (c: CueStats): string[] => [
  share(c.longest, c.exercises),
  share(c.shortest, c.exercises),
  c.exercises === 0 ? '-' : `n°${c.place} ${share(c.atPlace, c.exercises)}`,
];

export function formatReport(report: CheckReport): string {
  const head = [
    'module',
    'comp.',
    'leçons',
    'exos',
    ...EXERCISE_TYPES.map((t) => SHORT[t]),
    'mots/phrase',
    'max',
    'plus longue',
    'plus courte',
    'même place',
  ];
  const rows = report.modules.map((m) => [
    m.id,
    String(m.skills),
    String(m.lessons),
    String(m.exercises),
    ...EXERCISE_TYPES.map((t) => String(m.byType[t])),
    m.averageWords.toFixed(1),
    String(m.longest),
    ...cueCells(m.cues),
  ]);
  const t = report.totals;
  rows.push([
    'TOTAL',
    String(t.skills),
    String(t.lessons),
    String(t.exercises),
    ...EXERCISE_TYPES.map((x) => String(t.byType[x])),
    t.averageWords.toFixed(1),
    '',
    ...cueCells(t.cues),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    fmt(head),
    ...rows.map(fmt),
    '',
    `${t.modules} modules, ${t.skills} compétences, ${t.lessons} leçons, ${t.exercises} exercices.`,
    `Longueur moyenne des phrases : ${t.averageWords.toFixed(1)} mots sur ${t.sentences} phrases (${MAX_AVERAGE_WORDS} au plus ; une phrase : ${MAX_SENTENCE_WORDS} mots au plus).`,
    `Indices dans les choix (choix-unique et situation) : bonne réponse la plus longue, la plus courte, et à sa place la plus fréquente dans les fichiers (40 % au plus chacun).`,
  ].join('\n');
}
