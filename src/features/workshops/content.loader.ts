/**
 * Loads content/ once at start: parses, validates, cross-checks and renders everything,
 * then returns a frozen Catalogue. Any problem stops the start with ONE ContentError
 * listing every problem as `file:line: message`, so an author fixes them all in one go.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type ErrorCode, type YAMLError } from 'yaml';
import { z } from 'zod';
import type { Catalogue, Choice, Exercise, Feedback, Lesson, Module, Picture, Rich, Skill } from '../catalogue/index.js';
import { checkImageSrc, renderBlock, renderInline, type RenderContext } from './content.markdown.js';
import { imageUrl } from './content.paths.js';
import {
  exerciseSchema,
  inferAnswerKind,
  lessonFrontMatterSchema,
  moduleSchema,
  type ExerciseFile,
  type LessonFrontMatter,
  type ModuleFile,
} from './content.schema.js';

/** Editorial rules from shared/CONTENT.md. */
const MIN_EXERCISES_PER_MODULE = 8;

export interface ContentProblem {
  /** Relative to the content folder's parent, e.g. `content/mon-module/module.yaml`. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export const formatProblem = (p: ContentProblem): string => `${p.file}:${p.line}: ${p.message}`;

export class ContentError extends Error {
  constructor(readonly problems: readonly ContentProblem[]) {
    const count = problems.length === 1 ? '1 problème' : `${problems.length} problèmes`;
    super(`Le contenu a ${count} :\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ContentError';
  }
}

type Path = readonly (string | number)[];

class Problems {
  readonly list: ContentProblem[] = [];
  constructor(
    private readonly root: string,
    private readonly label: string,
  ) {}

  add(file: string, line: number, message: string): void {
    const rel = path.join(this.label, path.relative(this.root, file)).split(path.sep).join('/');
    // The same image twice on a line, say, is one thing to fix.
    if (this.list.some((p) => p.file === rel && p.line === line && p.message === message)) return;
    this.list.push({ file: rel, line, message });
  }

  sorted(): ContentProblem[] {
    return [...this.list].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  }
}

/** A validated file, with the way back from a field to its line. */
interface Source<T> {
  readonly file: string;
  readonly name: string;
  readonly data: T;
  line(at: Path): number;
}

interface LessonSource extends Source<LessonFrontMatter> {
  readonly body: string;
  readonly bodyLine: number;
}

interface RawModule {
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
function offsetOf(contents: unknown, at: Path): number {
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

function fieldName(at: Path): string {
  return at.map((key, i) => (typeof key === 'number' ? ` n°${key + 1}` : `${i > 0 ? ' › ' : ''}${key}`)).join('');
}

/** `id` of an invalid file, when readable: links to it are then not reported as broken too. */
interface Parsed<T> {
  readonly source: Source<T> | null;
  readonly id?: string | undefined;
}

/** Parses YAML then validates it; reports problems and returns no source when anything is wrong. */
function parseYaml<T>(text: string, file: string, lineOffset: number, schema: z.ZodType<T>, problems: Problems): Parsed<T> {
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

  for (const issue of result.error.issues) {
    const at = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.add(file, line([...at, key]), `champ inconnu « ${fieldName([...at, key])} » : vérifiez l’orthographe.`);
      }
    } else if (at.length > 0 && !doc.hasIn(at)) {
      problems.add(file, line(at), `champ obligatoire manquant : « ${fieldName(at)} ».`);
    } else {
      problems.add(file, line(at), at.length > 0 ? `${fieldName(at)} : ${issue.message}` : issue.message);
    }
  }
  const id = typeof data === 'object' && data !== null && 'id' in data && typeof data.id === 'string' ? data.id : undefined;
  return { source: null, id };
}

// ------------------------------------------------------------------ reading

async function readText(file: string): Promise<string> {
  return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Visible files of a folder, sorted by name; none when the folder does not exist. */
async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readLesson(file: string, problems: Problems): Promise<Parsed<LessonFrontMatter> & { lesson?: LessonSource }> {
  const text = await readText(file);
  // Front matter: the first line is ---, then YAML, then a line ---.
  const match = /^---[ \t]*\n([\s\S]*?)\n?^---[ \t]*$\n?/m.exec(text);
  if (!match || match.index !== 0) {
    problems.add(file, 1, 'La leçon doit commencer par un en-tête entre deux lignes --- (id, title, order, skills).');
    return { source: null };
  }
  const header = parseYaml(match[1] ?? '', file, 1, lessonFrontMatterSchema, problems);
  if (!header.source) return header;
  const bodyLine = text.slice(0, match[0].length).split('\n').length;
  return { ...header, lesson: { ...header.source, body: text.slice(match[0].length), bodyLine } };
}

async function readModule(dir: string, folder: string, problems: Problems): Promise<RawModule> {
  const moduleFile = path.join(dir, 'module.yaml');
  const module = parseYaml(await readText(moduleFile), moduleFile, 0, moduleSchema, problems).source;
  const lessonIds = new Set<string>();
  const exerciseIds = new Set<string>();

  const lessons: LessonSource[] = [];
  for (const name of await listFiles(path.join(dir, 'lecons'))) {
    const file = path.join(dir, 'lecons', name);
    if (!name.endsWith('.md')) {
      problems.add(file, 1, 'Fichier inattendu : une leçon est un fichier .md.');
      continue;
    }
    const { lesson, id } = await readLesson(file, problems);
    if (lesson) lessons.push(lesson);
    if (id !== undefined) lessonIds.add(id);
  }

  const exercises: Source<ExerciseFile>[] = [];
  let exerciseFiles = 0;
  for (const name of await listFiles(path.join(dir, 'exercices'))) {
    const file = path.join(dir, 'exercices', name);
    if (!/\.ya?ml$/.test(name)) {
      problems.add(file, 1, 'Fichier inattendu : un exercice est un fichier .yaml.');
      continue;
    }
    exerciseFiles += 1;
    const { source, id } = parseYaml(await readText(file), file, 0, exerciseSchema, problems);
    if (source) exercises.push(source);
    if (id !== undefined) exerciseIds.add(id);
  }

  for (const lesson of lessons) lessonIds.add(lesson.data.id);
  for (const exercise of exercises) exerciseIds.add(exercise.data.id);
  const images = new Set(await listFiles(path.join(dir, 'images')));
  return { folder, module, lessons, exercises, exerciseFiles, lessonIds, exerciseIds, images };
}

// ------------------------------------------------------------------ cross-file rules

function crossCheck(raws: readonly RawModule[], problems: Problems): void {
  const skillOwners = new Map<string, string>();
  const exerciseOwners = new Map<string, string>();
  const moduleOrders = new Map<number, string>();

  for (const raw of raws) {
    const mod = raw.module;
    if (mod) {
      if (mod.data.id !== raw.folder) {
        problems.add(mod.file, mod.line(['id']), `id « ${mod.data.id} » : il doit être le nom du dossier (« ${raw.folder} »).`);
      }
      const sameOrder = moduleOrders.get(mod.data.order);
      if (sameOrder)
        problems.add(mod.file, mod.line(['order']), `order ${mod.data.order} : déjà pris par le module « ${sameOrder} ».`);
      moduleOrders.set(mod.data.order, mod.data.id);
      mod.data.skills.forEach((skill, i) => {
        const other = skillOwners.get(skill.id);
        if (other) problems.add(mod.file, mod.line(['skills', i, 'id']), `La compétence « ${skill.id} » existe déjà (${other}).`);
        else skillOwners.set(skill.id, `${raw.folder}/module.yaml`);
      });
    }
    const skillIds = mod ? new Set(mod.data.skills.map((s) => s.id)) : null;
    const checkSkill = (source: Source<unknown>, id: string, at: Path): void => {
      if (skillIds && !skillIds.has(id)) {
        problems.add(source.file, source.line(at), `La compétence « ${id} » n’existe pas dans module.yaml de ce module.`);
      }
    };

    const lessonIdsSoFar = new Set<string>();
    const lessonOrders = new Set<number>();
    for (const lesson of raw.lessons) {
      const { id, order, skills } = lesson.data;
      if (lessonIdsSoFar.has(id))
        problems.add(lesson.file, lesson.line(['id']), `Une autre leçon de ce module a déjà l’id « ${id} ».`);
      if (lessonOrders.has(order))
        problems.add(lesson.file, lesson.line(['order']), `Une autre leçon de ce module a déjà l’order ${order}.`);
      lessonIdsSoFar.add(id);
      lessonOrders.add(order);
      skills.forEach((skill, i) => checkSkill(lesson, skill, ['skills', i]));
    }

    const selfAssessed = new Set<string>();
    for (const exercise of raw.exercises) {
      const { id, skill, lesson, type } = exercise.data;
      const other = exerciseOwners.get(id);
      if (other) problems.add(exercise.file, exercise.line(['id']), `L’exercice « ${id} » existe déjà (${other}).`);
      else exerciseOwners.set(id, `${raw.folder}/exercices/${exercise.name}`);
      checkSkill(exercise, skill, ['skill']);
      if (lesson !== undefined && !raw.lessonIds.has(lesson)) {
        problems.add(exercise.file, exercise.line(['lesson']), `La leçon « ${lesson} » n’existe pas dans ce module.`);
      }
      if (type === 'auto-evaluation') selfAssessed.add(skill);
    }

    if (mod) {
      if (raw.lessons.length === 0) problems.add(mod.file, 1, 'Le module n’a aucune leçon (dossier lecons/).');
      if (raw.exerciseFiles < MIN_EXERCISES_PER_MODULE) {
        problems.add(
          mod.file,
          1,
          `Le module a ${raw.exerciseFiles} exercice(s) : il en faut au moins ${MIN_EXERCISES_PER_MODULE}.`,
        );
      }
      // A broken exercise file may be the missing self-assessment, and with no exercise at all
      // the count above says enough: no extra noise in either case.
      const allRead = raw.exerciseFiles > 0 && raw.exercises.length === raw.exerciseFiles;
      mod.data.skills.forEach((skill, i) => {
        if (allRead && !selfAssessed.has(skill.id)) {
          problems.add(
            mod.file,
            mod.line(['skills', i, 'id']),
            `La compétence « ${skill.id} » n’a pas d’exercice auto-evaluation.`,
          );
        }
      });
    }
  }
}

// ------------------------------------------------------------------ building

type BaseContext = Omit<RenderContext, 'report'>;

const contextFor = (base: BaseContext, file: string, problems: Problems): RenderContext => ({
  ...base,
  report: (line, message) => problems.add(file, line, message),
});

function picture(src: string, alt: string, ctx: RenderContext, line: number): Picture {
  checkImageSrc(src, ctx, line);
  return { url: imageUrl(ctx.moduleId, src), alt };
}

function buildExercise(source: Source<ExerciseFile>, base: BaseContext, problems: Problems): Exercise {
  const ex = source.data;
  const ctx = contextFor(base, source.file, problems);
  const rich = (text: string, at: Path): Rich => renderInline(text, ctx, source.line(at));
  const choices = (list: readonly { id: string; text: string }[], field: string): Choice[] =>
    list.map((c, i) => ({ id: c.id, text: rich(c.text, [field, i, 'text']) }));
  const feedback = (f: { right: string; wrong: string; next?: string | undefined }): Feedback => ({
    right: rich(f.right, ['feedback', 'right']),
    wrong: rich(f.wrong, ['feedback', 'wrong']),
    ...(f.next === undefined ? {} : { next: rich(f.next, ['feedback', 'next']) }),
  });
  const common = {
    id: ex.id,
    moduleId: ctx.moduleId,
    file: source.name,
    skill: ex.skill,
    ...(ex.lesson === undefined ? {} : { lesson: ex.lesson }),
    question: rich(ex.question, ['question']),
    ...(ex.image === undefined ? {} : { image: picture(ex.image.src, ex.image.alt, ctx, source.line(['image', 'src'])) }),
  };

  switch (ex.type) {
    case 'choix-unique':
      return {
        ...common,
        type: ex.type,
        options: choices(ex.options, 'options'),
        answer: ex.answer,
        feedback: feedback(ex.feedback),
      };
    case 'choix-multiple':
      return {
        ...common,
        type: ex.type,
        options: choices(ex.options, 'options'),
        answers: ex.answers,
        feedback: feedback(ex.feedback),
      };
    case 'vrai-faux':
      return {
        ...common,
        type: ex.type,
        statement: rich(ex.statement, ['statement']),
        answer: ex.answer,
        feedback: feedback(ex.feedback),
      };
    case 'reponse-courte':
      return {
        ...common,
        type: ex.type,
        answers: ex.answers,
        kind: ex.kind ?? inferAnswerKind(ex.answers),
        ...(ex.placeholder === undefined ? {} : { placeholder: ex.placeholder }),
        feedback: feedback(ex.feedback),
      };
    case 'remettre-en-ordre':
      return { ...common, type: ex.type, items: choices(ex.items, 'items'), feedback: feedback(ex.feedback) };
    case 'associer':
      return {
        ...common,
        type: ex.type,
        pairs: ex.pairs.map((p, i) => ({
          id: p.id,
          left: rich(p.left, ['pairs', i, 'left']),
          right: rich(p.right, ['pairs', i, 'right']),
        })),
        feedback: feedback(ex.feedback),
      };
    case 'zone-image':
      return {
        ...common,
        type: ex.type,
        image: { url: imageUrl(ctx.moduleId, ex.image.src), alt: ex.image.alt }, // checked in `common`
        zones: ex.zones.map((z0, i) => ({ ...z0, label: rich(z0.label, ['zones', i, 'label']) })),
        answer: ex.answer,
        feedback: feedback(ex.feedback),
      };
    case 'situation':
      return {
        ...common,
        type: ex.type,
        scene: {
          kind: ex.scene.kind,
          from: ex.scene.from ?? '',
          subject: ex.scene.subject ?? '',
          body: ex.scene.body ?? '',
          fields: ex.scene.fields ?? [],
        },
        options: choices(ex.options, 'options'),
        answer: ex.answer,
        feedback: feedback(ex.feedback),
      };
    case 'auto-evaluation': {
      const next = ex.feedback?.next;
      return {
        ...common,
        type: ex.type,
        ...(next === undefined ? {} : { feedback: { next: rich(next, ['feedback', 'next']) } }),
      };
    }
  }
}

function buildModule(raw: RawModule, problems: Problems): Module | null {
  const base: BaseContext = {
    moduleId: raw.module?.data.id ?? raw.folder,
    lessonIds: raw.lessonIds,
    exerciseIds: raw.exerciseIds,
    images: raw.images,
  };
  // Rendered even when module.yaml is broken, so that link and image problems show too.
  const lessons: Lesson[] = raw.lessons
    .map((l) => ({
      id: l.data.id,
      moduleId: base.moduleId,
      title: l.data.title,
      order: l.data.order,
      skills: l.data.skills,
      html: renderBlock(l.body, contextFor(base, l.file, problems), l.bodyLine),
    }))
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const exercises = raw.exercises.map((e) => buildExercise(e, base, problems));
  const mod = raw.module;
  if (!mod) return null;

  const m = mod.data;
  const skills: Skill[] = m.skills.map((s) => ({ ...s, moduleId: m.id }));
  const pictogram = picture(m.pictogram, m.pictogramAlt, contextFor(base, mod.file, problems), mod.line(['pictogram']));
  return { id: m.id, order: m.order, title: m.title, summary: m.summary, pictogram, skills, lessons, exercises };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function buildCatalogue(modules: Module[]): Catalogue {
  const sorted = deepFreeze([...modules].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1)));
  const skills = Object.freeze(sorted.flatMap((m) => m.skills));
  return Object.freeze({
    modules: sorted,
    moduleById: new Map(sorted.map((m) => [m.id, m])),
    skillById: new Map(skills.map((s) => [s.id, s])),
    exerciseById: new Map(sorted.flatMap((m) => m.exercises.map((e) => [e.id, e] as const))),
    allSkills: () => skills,
  });
}

// ------------------------------------------------------------------ entry point

/**
 * Reads `dir` (usually `content`): each sub-folder holding a module.yaml is a module;
 * top-level files (README.md, socle.yaml...) are not modules and are skipped.
 */
export async function loadContent(dir: string): Promise<Catalogue> {
  const root = path.resolve(dir);
  const problems = new Problems(root, path.basename(root));
  const folders = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();

  const raws: RawModule[] = [];
  for (const folder of folders) {
    const moduleDir = path.join(root, folder);
    if ((await listFiles(moduleDir)).includes('module.yaml')) {
      raws.push(await readModule(moduleDir, folder, problems));
    } else if ((await readdir(moduleDir)).some((name) => name === 'lecons' || name === 'exercices')) {
      // Lessons without module.yaml (or a misnamed module.yml) would silently vanish.
      problems.add(
        path.join(moduleDir, 'module.yaml'),
        1,
        'Fichier manquant : ce dossier a des leçons ou des exercices mais pas de module.yaml.',
      );
    }
  }
  if (raws.length === 0) problems.add(root, 1, 'Aucun module : aucun dossier ne contient de module.yaml.');

  crossCheck(raws, problems);
  const modules = raws.map((raw) => buildModule(raw, problems));
  if (problems.list.length > 0) throw new ContentError(problems.sorted());
  return buildCatalogue(modules.filter((m): m is Module => m !== null));
}
