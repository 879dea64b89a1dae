/**
 * The editorial check of content/ (`npm run check:content`, and a unit test on the real
 * content). It does not repeat the loader: loadContent() already reports, per file and
 * line, missing feedback, images without alt text, skills without CRCN/PIM, modules with
 * fewer than 8 exercises, duplicate ids and broken links. This module adds what the
 * loader cannot see: sentence length (the FALC rule) and the statistics per module.
 *
 * Sentences — the rules, kept simple so an author can predict them:
 * - a text is cut at line breaks first: every line, list item or table row stands alone;
 * - a line is cut after `.`, `!`, `?` or `…` when a space or the end of the line follows
 *   (closing quotes or brackets may sit in between: `« Arrêter ».`), so `impots.gouv.fr`,
 *   `2.1` or `1,5` do not cut;
 * - ignored before cutting: fenced and inline code, URLs (`https://…`, `www.…`), e-mail
 *   addresses and domain names (`ameli.fr`), Markdown syntax (titles marks, list marks,
 *   emphasis, link targets, table pipes); an image counts as its alt text on its own line;
 * - a word is a run of letters or digits; an apostrophe or a hyphen inside a word does not
 *   cut it (`aujourd'hui`, `c’est`, `double-cliquer` are one word), nor does a `.` or `,`
 *   between digits (`1,5`). A piece without any word is not a sentence.
 *
 * What is measured: lesson bodies (titles `##` are headings, not sentences: they are
 * checked for length but left out of the average) and exercise texts (question,
 * statement, feedback, choices, steps, pairs, zone labels, image alt). The fake screens
 * of `situation` exercises imitate real messages (a scam SMS) and are left out.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Catalogue } from '../catalogue/index.js';
import { ContentError, loadContent, type ContentProblem } from './content.loader.js';
import { EXERCISE_TYPES, type ExerciseType } from './content.schema.js';
import { acronymProblems, parseGlossary, wordProblems, type ProseFile } from './glossary.js';

/** The FALC rules of shared/CONTENT.md. */
export const MAX_SENTENCE_WORDS = 15;
export const MAX_AVERAGE_WORDS = 12;
/** Each module has at least this many scored exercises (self-assessments do not count)... */
export const MIN_SCORED_PER_MODULE = 8;
/** ...and each skill at least this many. */
export const MIN_SCORED_PER_SKILL = 2;
export const GLOSSARY_FILE = 'glossaire.yaml';

// ------------------------------------------------------------------ words and sentences

const WORD = /[\p{L}\p{N}]+(?:['’\-‑][\p{L}\p{N}]+|(?<=\p{N})[.,]\p{N}+)*/gu;

/** Words of a piece of plain text (see the rules at the top). */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

const URL = /\b(?:https?:\/\/|www\.)[^\s)>»]+/gi;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[a-z]{2,}/giu;
// A domain name: labels joined by dots, ending in a known-looking top-level domain.
const DOMAIN = /\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:fr|com|org|net|info|eu|gouv|io|be|re)\b(?:\/[^\s)»]*)?/giu;

/** Removes what is not prose: code, URLs, addresses. */
function stripNonProse(line: string): string {
  return line
    .replace(/`[^`]*`/g, ' ')
    .replace(URL, ' ')
    .replace(EMAIL, ' ')
    .replace(DOMAIN, ' ');
}

/** Removes Markdown syntax from one line; images become their alt text on a line of their own. */
function stripMarkdown(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '\n$1\n')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/^\s*(?:\d+[.)]|[-*+])\s+/, '')
    .replace(/(\*\*|__|\*|_)(?=\S)([^*_]*?\S)\1/g, '$2')
    .replace(/\|/g, '\n')
    .replace(/^\s*:?-{3,}:?\s*$/, '');
}

const END_MARK = /[.!?…]+[»"”’)\]]*(?=\s|$)/gu;

/** Cuts one line of plain text into sentences; pieces without words are dropped. */
function splitLine(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of line.matchAll(END_MARK)) {
    const end = match.index + match[0].length;
    out.push(line.slice(start, end));
    start = end;
  }
  out.push(line.slice(start));
  return out.map((s) => s.trim()).filter((s) => countWords(s) > 0);
}

/** Sentences of a plain text (an exercise field): cut at line breaks, then at end marks. */
export function splitSentences(text: string): string[] {
  return stripNonProse(text)
    .split('\n')
    .flatMap((line) => splitLine(line));
}

export interface Sentence {
  readonly text: string;
  readonly words: number;
  /** 1-based line in its file. */
  readonly line: number;
  /** Headings are checked for length but not counted in averages. */
  readonly heading: boolean;
}

/** Sentences of a Markdown body whose first line is `firstLine` of its file. */
export function markdownSentences(body: string, firstLine = 1): Sentence[] {
  const out: Sentence[] = [];
  let fence: string | null = null;
  body.split('\n').forEach((raw, i) => {
    const line = firstLine + i;
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fenceMark) {
      fence = fence === null ? fenceMark : fence === fenceMark ? null : fence;
      return;
    }
    if (fence !== null || /^( {4}|\t)/.test(raw)) return; // code
    const heading = /^\s{0,3}#{1,6}\s/.test(raw);
    const text = stripMarkdown(stripNonProse(heading ? raw.replace(/^\s*#+\s*/, '') : raw));
    for (const part of text.split('\n')) {
      for (const sentence of splitLine(part)) out.push({ text: sentence, words: countWords(sentence), line, heading });
    }
  });
  return out;
}

/** Sentences of a short exercise text (inline Markdown allowed), all on `line`, or spread from it. */
export function textSentences(text: string, line: number, multiline: boolean): Sentence[] {
  return markdownSentences(text, line).map((s) => (multiline ? s : { ...s, line, heading: false }));
}

// ------------------------------------------------------------------ reading files

interface TextField {
  readonly path: string;
  readonly text: string;
  readonly line: number;
  /** A block scalar (`|`): each line of the text is a line of the file. */
  readonly block: boolean;
}

/** Fields of an exercise file that are prose for the reader. */
const EXERCISE_FIELDS: readonly (readonly string[])[] = [
  ['question'],
  ['statement'],
  ['image', 'alt'],
  ['feedback', 'right'],
  ['feedback', 'wrong'],
  ['feedback', 'next'],
  ['options', '*', 'text'],
  ['items', '*', 'text'],
  ['pairs', '*', 'left'],
  ['pairs', '*', 'right'],
  ['zones', '*', 'label'],
];
const MODULE_FIELDS: readonly (readonly string[])[] = [['summary'], ['pictogramAlt'], ['skills', '*', 'title']];

/** Text scalars at the given paths (`*` = every item of a list), with their line. */
function yamlFields(source: string, paths: readonly (readonly string[])[]): TextField[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return []; // the loader reports it
  const out: TextField[] = [];
  const walk = (node: unknown, rest: readonly string[], at: string): void => {
    if (rest.length === 0) {
      if (isScalar(node) && typeof node.value === 'string') {
        const start = node.range?.[0] ?? 0;
        const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
        out.push({ path: at, text: node.value, line: lineCounter.linePos(start).line + (block ? 1 : 0), block });
      }
      return;
    }
    const [key, ...tail] = rest;
    if (key === '*') {
      if (isSeq(node)) node.items.forEach((item, i) => walk(item, tail, `${at}[${i + 1}]`));
    } else if (isMap(node)) {
      walk(node.get(key, true) as Node | undefined, tail, at ? `${at}.${key}` : String(key));
    }
  };
  for (const p of paths) walk(doc.contents, p, '');
  return out;
}

async function readText(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

async function listDir(dir: string, wantDirs: boolean): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => (wantDirs ? e.isDirectory() : e.isFile()) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export interface FileSentences {
  /** Same shape as the loader's: `content/<module>/lecons/01-x.md`. */
  readonly file: string;
  readonly moduleId: string;
  readonly sentences: readonly Sentence[];
}

/** Every sentence of every module file of a content folder. */
export async function readSentences(dir: string): Promise<FileSentences[]> {
  const label = path.basename(path.resolve(dir));
  const out: FileSentences[] = [];
  for (const folder of await listDir(dir, true)) {
    const moduleDir = path.join(dir, folder);
    const rel = (...parts: string[]) => [label, folder, ...parts].join('/');
    const moduleFile = path.join(moduleDir, 'module.yaml');
    const moduleText = await readText(moduleFile).catch(() => null);
    if (moduleText === null) continue; // not a module folder (or the loader reports it)
    const fieldSentences = (fields: TextField[]): Sentence[] => fields.flatMap((f) => textSentences(f.text, f.line, f.block));
    out.push({ file: rel('module.yaml'), moduleId: folder, sentences: fieldSentences(yamlFields(moduleText, MODULE_FIELDS)) });

    for (const name of await listDir(path.join(moduleDir, 'lecons'), false)) {
      if (!name.endsWith('.md')) continue;
      const text = await readText(path.join(moduleDir, 'lecons', name));
      const match = /^---[ \t]*\n[\s\S]*?\n?^---[ \t]*$\n?/m.exec(text);
      const head = match && match.index === 0 ? match[0] : '';
      // Same count as the loader: the body starts on the line after the closing ---.
      const bodyLine = head.split('\n').length;
      out.push({ file: rel('lecons', name), moduleId: folder, sentences: markdownSentences(text.slice(head.length), bodyLine) });
    }
    for (const name of await listDir(path.join(moduleDir, 'exercices'), false)) {
      if (!/\.ya?ml$/.test(name)) continue;
      const text = await readText(path.join(moduleDir, 'exercices', name));
      out.push({ file: rel('exercices', name), moduleId: folder, sentences: fieldSentences(yamlFields(text, EXERCISE_FIELDS)) });
    }
  }
  return out;
}

// ------------------------------------------------------------------ the check

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
}

export interface CheckReport {
  /** Errors: the loader's problems, then sentences over the limit. Sorted by file and line. */
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
  };
  /** True when every rule holds, the average included. */
  readonly ok: boolean;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const average = (list: readonly Sentence[]): number =>
  list.length === 0 ? 0 : list.reduce((sum, s) => sum + s.words, 0) / list.length;
const emptyByType = (): Record<ExerciseType, number> =>
  Object.fromEntries(EXERCISE_TYPES.map((t) => [t, 0])) as Record<ExerciseType, number>;

/** Sentences longer than the limit, as problems at their file and line. */
export function longSentences(files: readonly FileSentences[], max = MAX_SENTENCE_WORDS): ContentProblem[] {
  return files.flatMap((f) =>
    f.sentences
      .filter((s) => s.words > max)
      .map((s) => ({
        file: f.file,
        line: s.line,
        message: `Phrase trop longue (${s.words} mots, ${max} au plus) : « ${s.text.length > 90 ? `${s.text.slice(0, 87)}…` : s.text} ».`,
      })),
  );
}

/** The sentences of each file regrouped by line, as the glossary rules read them. */
export function proseFiles(files: readonly FileSentences[]): ProseFile[] {
  return files.map((f) => {
    const byLine = new Map<number, { text: string[]; heading: boolean }>();
    for (const s of f.sentences) {
      const entry = byLine.get(s.line) ?? { text: [], heading: s.heading };
      entry.text.push(s.text);
      byLine.set(s.line, entry);
    }
    const role = f.file.endsWith('/module.yaml') ? 'module' : f.file.includes('/lecons/') ? 'lesson' : 'exercise';
    return {
      file: f.file,
      moduleId: f.moduleId,
      role,
      lines: [...byLine].map(([line, e]) => ({ line, text: e.text.join(' '), heading: e.heading })),
    };
  });
}

/** Reads and applies content/glossaire.yaml; a missing glossary is a problem. */
async function glossaryProblems(dir: string, files: readonly FileSentences[]): Promise<ContentProblem[]> {
  const label = `${path.basename(path.resolve(dir))}/${GLOSSARY_FILE}`;
  const source = await readText(path.join(dir, GLOSSARY_FILE)).catch(() => null);
  if (source === null)
    return [{ file: label, line: 1, message: 'Le glossaire manque : un mot pour une chose (voir README.md).' }];
  const { glossary, problems } = parseGlossary(source, label);
  if (!glossary) return problems;
  const prose = proseFiles(files);
  return [...wordProblems(prose, glossary), ...acronymProblems(prose, glossary)];
}

/** At least MIN_SCORED_PER_MODULE scored exercises per module and MIN_SCORED_PER_SKILL per skill. */
export async function scoredCountProblems(dir: string, catalogue: Catalogue): Promise<ContentProblem[]> {
  const label = path.basename(path.resolve(dir));
  const out: ContentProblem[] = [];
  for (const m of catalogue.modules) {
    const file = `${label}/${m.id}/module.yaml`;
    const lines = (await readText(path.join(dir, m.id, 'module.yaml')).catch(() => '')).split('\n');
    const scored = m.exercises.filter((e) => e.type !== 'auto-evaluation');
    if (scored.length < MIN_SCORED_PER_MODULE) {
      out.push({
        file,
        line: 1,
        message: `Le module a ${scored.length} exercice(s) noté(s) : il en faut au moins ${MIN_SCORED_PER_MODULE}.`,
      });
    }
    for (const skill of m.skills) {
      const count = scored.filter((e) => e.skill === skill.id).length;
      if (count < MIN_SCORED_PER_SKILL) {
        const at = lines.findIndex((l) => new RegExp(`^\\s*-\\s*id:\\s*${skill.id}\\s*$`).test(l));
        out.push({
          file,
          line: at + 1 || 1,
          message: `La compétence « ${skill.id} » a ${count} exercice(s) noté(s) : il en faut au moins ${MIN_SCORED_PER_SKILL}.`,
        });
      }
    }
  }
  return out;
}

/** Loads the content like the app does, then adds the sentence rules and the statistics. */
export async function checkContent(dir: string): Promise<CheckReport> {
  let catalogue: Catalogue | null = null;
  const problems: ContentProblem[] = [];
  try {
    catalogue = await loadContent(dir);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    problems.push(...error.problems);
  }
  const files = await readSentences(dir);
  problems.push(...longSentences(files));
  problems.push(...(await glossaryProblems(dir, files)));
  if (catalogue) problems.push(...(await scoredCountProblems(dir, catalogue)));
  problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));

  const prose = (moduleId?: string) =>
    files.filter((f) => moduleId === undefined || f.moduleId === moduleId).flatMap((f) => f.sentences.filter((s) => !s.heading));
  const modules: ModuleStats[] = (catalogue?.modules ?? []).map((m) => {
    const byType = emptyByType();
    for (const ex of m.exercises) byType[ex.type] += 1;
    const sentences = prose(m.id);
    return {
      id: m.id,
      title: m.title,
      skills: m.skills.length,
      lessons: m.lessons.length,
      exercises: m.exercises.length,
      byType,
      sentences: sentences.length,
      averageWords: round1(average(sentences)),
      longest: sentences.reduce((max, s) => Math.max(max, s.words), 0),
    };
  });
  const byType = emptyByType();
  for (const m of modules) for (const t of EXERCISE_TYPES) byType[t] += m.byType[t];
  const all = prose();
  const totals = {
    modules: modules.length,
    skills: modules.reduce((n, m) => n + m.skills, 0),
    lessons: modules.reduce((n, m) => n + m.lessons, 0),
    exercises: modules.reduce((n, m) => n + m.exercises, 0),
    byType,
    sentences: all.length,
    averageWords: round1(average(all)),
  };
  const ok = problems.length === 0 && catalogue !== null && average(all) <= MAX_AVERAGE_WORDS;
  return { problems, catalogue, modules, totals, ok };
}

/** The report as text for a terminal: the table per module, then the totals. */
export function formatReport(report: CheckReport): string {
  const short: Record<ExerciseType, string> = {
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
  const head = ['module', 'comp.', 'leçons', 'exos', ...EXERCISE_TYPES.map((t) => short[t]), 'mots/phrase', 'max'];
  const rows = report.modules.map((m) => [
    m.id,
    String(m.skills),
    String(m.lessons),
    String(m.exercises),
    ...EXERCISE_TYPES.map((t) => String(m.byType[t])),
    m.averageWords.toFixed(1),
    String(m.longest),
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
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const lines = [fmt(head), ...rows.map(fmt)];
  lines.push(
    '',
    `${t.modules} modules, ${t.skills} compétences, ${t.lessons} leçons, ${t.exercises} exercices.`,
    `Longueur moyenne des phrases : ${t.averageWords.toFixed(1)} mots sur ${t.sentences} phrases (${MAX_AVERAGE_WORDS} au plus ; une phrase : ${MAX_SENTENCE_WORDS} mots au plus).`,
  );
  return lines.join('\n');
}
