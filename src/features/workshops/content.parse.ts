/**
 * Reading content/: files -> YAML -> zod-checked data, each value with the way back to
 * its line. Nothing is cross-checked or rendered here (see content.validate.ts and
 * content.build.ts); a file that cannot be read reports its problems and yields nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type ErrorCode, type YAMLError } from 'yaml';
import { z } from 'zod';
import type { Problems } from './content.problems.js';
import {
  exerciseSchema,
  lessonFrontMatterSchema,
  moduleSchema,
  type ExerciseFile,
  type LessonFrontMatter,
  type ModuleFile,
} from './content.schema.js';

export type Path = readonly (string | number)[];

/** A validated file, with the way back from a field to its line. */
export interface Source<T> {
  readonly file: string;
  readonly name: string;
  readonly data: T;
  line(at: Path): number;
}

export interface LessonSource extends Source<LessonFrontMatter> {
  readonly body: string;
  readonly bodyLine: number;
}

export interface RawModule {
  readonly folder: string;
  readonly module: Source<ModuleFile> | null;
  readonly lessons: LessonSource[];
  readonly exercises: Source<ExerciseFile>[];
  /** Exercise files found, valid or not: counting only valid ones would add noise to real errors. */
  readonly exerciseFiles: number;
  /** Ids found in lesson and exercise files, valid or not (see Parsed). */
  readonly lessonIds: ReadonlySet<string>;
  readonly exerciseIds: ReadonlySet<string>;
  readonly images: ReadonlySet<string>;
}

// ------------------------------------------------------------------ YAML + zod

const frenchZod = z.locales.fr().localeError;

const YAML_MESSAGES: Partial<Record<ErrorCode, string>> = {
  DUPLICATE_KEY: 'ce champ est écrit deux fois.',
  TAB_AS_INDENT: 'tabulation interdite : décalez avec des espaces.',
  BAD_INDENT: 'décalage (indentation) incorrect, ou crochet ] manquant.',
  BLOCK_AS_IMPLICIT_KEY: 'ligne mal formée : si le texte contient « : », mettez-le entre guillemets.',
  MULTILINE_IMPLICIT_KEY: 'ligne mal formée : vérifiez le décalage et les « : ».',
  MISSING_CHAR: 'un guillemet ou un crochet fermant manque.',
  UNEXPECTED_TOKEN: 'texte inattendu : vérifiez les guillemets (utilisez ’ dans le texte).',
  MULTIPLE_DOCS: 'un seul document par fichier : retirez la ligne ---.',
};

const yamlMessage = (error: YAMLError): string => `YAML invalide : ${YAML_MESSAGES[error.code] ?? error.message}`;

/** Start offset of the node at `at`, or of its nearest existing parent. Collections point at their key. */
export function offsetOf(contents: unknown, at: Path): number {
  let node = contents;
  let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  for (const key of at) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (!pair) break;
      const value = pair.value;
      const keyStart = isNode(pair.key) ? pair.key.range?.[0] : undefined;
      const valueStart = isNode(value) && !isMap(value) && !isSeq(value) ? value.range?.[0] : undefined;
      offset = valueStart ?? keyStart ?? offset;
      node = value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (!isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** The 1-based line of each field of a YAML text, for checks that read a file again. */
export function yamlLines(text: string, lineOffset = 0): (at: Path) => number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return (at) => lineCounter.linePos(offsetOf(doc.contents, at)).line + lineOffset;
}

function fieldName(at: Path): string {
  return at.map((key, i) => (typeof key === 'number' ? ` n°${key + 1}` : `${i > 0 ? ' › ' : ''}${key}`)).join('');
}

/** `id` of an invalid file, when readable: links to it are then not reported as broken too. */
interface Parsed<T> {
  readonly source: Source<T> | null;
  readonly id?: string | undefined;
}

function reportIssues(
  issues: z.ZodError['issues'],
  has: (at: Path) => boolean,
  report: (at: Path, message: string) => void,
): void {
  for (const issue of issues) {
    const at = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        report([...at, key], `champ inconnu « ${fieldName([...at, key])} » : vérifiez l’orthographe.`);
    } else if (at.length > 0 && !has(at)) {
      report(at, `champ obligatoire manquant : « ${fieldName(at)} ».`);
    } else {
      report(at, at.length > 0 ? `${fieldName(at)} : ${issue.message}` : issue.message);
    }
  }
}

/** Parses YAML then validates it; reports problems and returns no source when anything is wrong. */
export function parseYaml<T>(
  text: string,
  file: string,
  lineOffset: number,
  schema: z.ZodType<T>,
  problems: Problems,
): Parsed<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line + lineOffset;
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.add(file, lineAt(error.pos[0]), yamlMessage(error));
    return { source: null };
  }
  const line = (at: Path): number => lineAt(offsetOf(doc.contents, at));
  const data: unknown = doc.toJS({ maxAliasCount: 20 });
  const result = schema.safeParse(data, { error: frenchZod });
  if (result.success) return { source: { file, name: path.basename(file), data: result.data, line } };
  reportIssues(
    result.error.issues,
    (at) => doc.hasIn(at),
    (at, message) => problems.add(file, line(at), message),
  );
  const id = typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : undefined;
  return { source: null, id };
}

// ------------------------------------------------------------------ reading

export async function readText(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Visible entries of a folder (files or folders), sorted by name; none when the folder does not exist. */
export async function listEntries(dir: string, kind: 'files' | 'folders' = 'files'): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => (kind === 'files' ? e.isFile() : e.isDirectory()) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Front matter: the first line is ---, then YAML, then a line ---. */
const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n?^---[ \t]*$\n?/m;

/** A lesson's front matter and body; `bodyLine` is the file line of the body's first line. */
export function splitLesson(text: string): { header: string; body: string; bodyLine: number } | null {
  const match = FRONT_MATTER.exec(text);
  if (!match || match.index !== 0) return null;
  return {
    header: match[1] ?? '',
    body: text.slice(match[0].length),
    bodyLine: text.slice(0, match[0].length).split('\n').length,
  };
}

async function readLesson(file: string, problems: Problems): Promise<Parsed<LessonFrontMatter> & { lesson?: LessonSource }> {
  const parts = splitLesson(await readText(file));
  if (!parts) {
    problems.add(file, 1, 'La leçon doit commencer par un en-tête entre deux lignes --- (id, title, order, skills).');
    return { source: null };
  }
  const header = parseYaml(parts.header, file, 1, lessonFrontMatterSchema, problems);
  if (!header.source) return header;
  return { ...header, lesson: { ...header.source, body: parts.body, bodyLine: parts.bodyLine } };
}

async function readLessons(dir: string, problems: Problems, ids: Set<string>): Promise<LessonSource[]> {
  const lessons: LessonSource[] = [];
  for (const name of await listEntries(path.join(dir, 'lecons'))) {
    const file = path.join(dir, 'lecons', name);
    if (!name.endsWith('.md')) {
      problems.add(file, 1, 'Fichier inattendu : une leçon est un fichier .md.');
      continue;
    }
    const { lesson, id } = await readLesson(file, problems);
    if (lesson) lessons.push(lesson);
    if (id !== undefined) ids.add(id);
  }
  for (const lesson of lessons) ids.add(lesson.data.id);
  return lessons;
}

async function readExercises(dir: string, problems: Problems, ids: Set<string>) {
  const exercises: Source<ExerciseFile>[] = [];
  let files = 0;
  for (const name of await listEntries(path.join(dir, 'exercices'))) {
    const file = path.join(dir, 'exercices', name);
    if (!/\.ya?ml$/.test(name)) {
      problems.add(file, 1, 'Fichier inattendu : un exercice est un fichier .yaml.');
      continue;
    }
    files += 1;
    const { source, id } = parseYaml(await readText(file), file, 0, exerciseSchema, problems);
    if (source) exercises.push(source);
    if (id !== undefined) ids.add(id);
  }
  for (const exercise of exercises) ids.add(exercise.data.id);
  return { exercises, files };
}

export async function readModule(dir: string, folder: string, problems: Problems): Promise<RawModule> {
  const moduleFile = path.join(dir, 'module.yaml');
  const module = parseYaml(await readText(moduleFile), moduleFile, 0, moduleSchema, problems).source;
  const lessonIds = new Set<string>();
  const exerciseIds = new Set<string>();
  const lessons = await readLessons(dir, problems, lessonIds);
  const { exercises, files } = await readExercises(dir, problems, exerciseIds);
  const images = new Set(await listEntries(path.join(dir, 'images')));
  return { folder, module, lessons, exercises, exerciseFiles: files, lessonIds, exerciseIds, images };
}
