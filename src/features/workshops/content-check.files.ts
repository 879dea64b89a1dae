/**
 * The files of content/ as the editorial checks read them: the text of each file and
 * the way back from a field to its line. Read once per check; the checks never write.
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { markdownSentences, textSentences, type Sentence } from './content-check.sentences.js';
import { listEntries, readText, splitLesson, yamlLines, type Path } from './content.parse.js';

export interface TextField {
  readonly path: string;
  readonly text: string;
  readonly line: number;
  /** A block scalar (`|`): each line of the text is a line of the file. */
  readonly block: boolean;
}

/** Fields of an exercise file that are prose for the reader. */
export const EXERCISE_FIELDS: readonly (readonly string[])[] = [
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
export const MODULE_FIELDS: readonly (readonly string[])[] = [['summary'], ['pictogramAlt'], ['skills', '*', 'title']];

/** Text scalars at the given paths (`*` = every item of a list), with their line. */
export function yamlFields(source: string, paths: readonly (readonly string[])[]): TextField[] {
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

/** A YAML file (module.yaml or an exercise) as text, with the line of each field. */
export interface YamlText {
  /** Same shape as the loader's: `content/<module>/exercices/01-x.yaml`. */
  readonly file: string;
  /** File name, e.g. `01-x.yaml`. */
  readonly name: string;
  readonly moduleId: string;
  readonly text: string;
  line(at: Path): number;
}

export interface LessonText {
  readonly file: string;
  readonly name: string;
  readonly moduleId: string;
  /** The `id` of its front matter, when readable. */
  readonly id: string | undefined;
  readonly body: string;
  /** File line of the body's first line. */
  readonly bodyLine: number;
}

export interface ModuleTexts {
  readonly moduleId: string;
  readonly module: YamlText;
  readonly lessons: readonly LessonText[];
  readonly exercises: readonly YamlText[];
}

export interface ContentFiles {
  /** The content folder's name, e.g. `content`: the first part of every file path. */
  readonly label: string;
  readonly modules: readonly ModuleTexts[];
}

function yamlText(file: string, rel: string, moduleId: string, text: string): YamlText {
  return { file: rel, name: path.basename(file), moduleId, text, line: yamlLines(text) };
}

function lessonText(rel: string, moduleId: string, text: string): LessonText {
  const parts = splitLesson(text);
  const id = parts ? parseDocument(parts.header).get('id') : undefined;
  return {
    file: rel,
    name: path.basename(rel),
    moduleId,
    id: typeof id === 'string' ? id : undefined,
    // Without front matter, the whole file counts (the loader reports the missing header).
    body: parts?.body ?? text,
    bodyLine: parts?.bodyLine ?? 1,
  };
}

/** Every module folder (one with a module.yaml) of a content folder, read once. */
export async function readContentFiles(dir: string): Promise<ContentFiles> {
  const label = path.basename(path.resolve(dir));
  const modules: ModuleTexts[] = [];
  for (const folder of await listEntries(dir, 'folders')) {
    const moduleDir = path.join(dir, folder);
    const rel = (...parts: string[]) => [label, folder, ...parts].join('/');
    const moduleFile = path.join(moduleDir, 'module.yaml');
    const moduleSource = await readText(moduleFile).catch(() => null);
    if (moduleSource === null) continue; // not a module folder (or the loader reports it)
    const lessons: LessonText[] = [];
    for (const name of await listEntries(path.join(moduleDir, 'lecons'))) {
      if (name.endsWith('.md'))
        lessons.push(lessonText(rel('lecons', name), folder, await readText(path.join(moduleDir, 'lecons', name))));
    }
    const exercises: YamlText[] = [];
    for (const name of await listEntries(path.join(moduleDir, 'exercices'))) {
      const file = path.join(moduleDir, 'exercices', name);
      if (/\.ya?ml$/.test(name)) exercises.push(yamlText(file, rel('exercices', name), folder, await readText(file)));
    }
    modules.push({
      moduleId: folder,
      module: yamlText(moduleFile, rel('module.yaml'), folder, moduleSource),
      lessons,
      exercises,
    });
  }
  return { label, modules };
}

/** The file of an exercise of the catalogue. */
export function exerciseFile(files: ContentFiles, moduleId: string, name: string): YamlText | undefined {
  return files.modules.find((m) => m.moduleId === moduleId)?.exercises.find((e) => e.name === name);
}

/** The file of a lesson, by module and lesson id. */
export function lessonFile(files: ContentFiles, moduleId: string, lessonId: string): LessonText | undefined {
  return files.modules.find((m) => m.moduleId === moduleId)?.lessons.find((l) => l.id === lessonId);
}

export interface FileSentences {
  /** Same shape as the loader's: `content/<module>/lecons/01-x.md`. */
  readonly file: string;
  readonly moduleId: string;
  readonly sentences: readonly Sentence[];
}

const fieldSentences = (fields: TextField[]): Sentence[] => fields.flatMap((f) => textSentences(f.text, f.line, f.block));

/** Every sentence of every module file. */
export function sentencesOf(files: ContentFiles): FileSentences[] {
  return files.modules.flatMap((m) => [
    { file: m.module.file, moduleId: m.moduleId, sentences: fieldSentences(yamlFields(m.module.text, MODULE_FIELDS)) },
    ...m.lessons.map((l) => ({ file: l.file, moduleId: m.moduleId, sentences: markdownSentences(l.body, l.bodyLine) })),
    ...m.exercises.map((e) => ({
      file: e.file,
      moduleId: m.moduleId,
      sentences: fieldSentences(yamlFields(e.text, EXERCISE_FIELDS)),
    })),
  ]);
}

/** Every sentence of every module file of a content folder. */
export async function readSentences(dir: string): Promise<FileSentences[]> {
  return sentencesOf(await readContentFiles(dir));
}
