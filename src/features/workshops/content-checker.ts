/**
 * The editorial check of content/ (`npm run check:content`, and a unit test on the real
 * content). It does not repeat the loader: loadContent() already reports, per file and
 * line, missing feedback, images without alt text, wrong CRCN/PIM codes, modules with
 * fewer than 8 exercises, duplicate ids and broken links. The checks add, one file each:
 * - content-check.sentences: sentences short enough (FALC), on average and each;
 * - glossary: one word for one thing, acronyms spelled out, no partial negatives;
 * - content-check.counts: enough scored exercises per module and skill, of 2 types;
 * - content-check.samples: typed answers right and wrong, tried;
 * - content-check.cues: no cue in the choices (longest option, same place), one person;
 * - content-check.taught: each exercise tests what its lesson says;
 * - content-check.facts: facts that change are dated;
 * - content-check.codes: one thing, one CRCN/PIM code.
 */
import path from 'node:path';
import type { Catalogue } from '../catalogue/index.js';
import { codeProblems } from './content-check.codes.js';
import { scoredCountProblems } from './content-check.counts.js';
import { cueProblems, cueStats } from './content-check.cues.js';
import { factProblems } from './content-check.facts.js';
import { readContentFiles, sentencesOf, type FileSentences } from './content-check.files.js';
import { sampleProblems } from './content-check.samples.js';
import { MAX_AVERAGE_WORDS, MAX_SENTENCE_WORDS, type Sentence } from './content-check.sentences.js';
import { taughtProblems } from './content-check.taught.js';
import { ContentError, loadContent } from './content.loader.js';
import { readText } from './content.parse.js';
import { byFileAndLine, type ContentProblem } from './content.problems.js';
import { EXERCISE_TYPES, type ExerciseType } from './content.schema.js';
import { acronymProblems, parseGlossary, qualifyProblems, wordProblems, type Glossary, type ProseFile } from './glossary.js';

export { countWords, markdownSentences, MAX_AVERAGE_WORDS, splitSentences } from './content-check.sentences.js';
export { readSentences, type FileSentences } from './content-check.files.js';
export { MIN_SCORED_PER_MODULE, scoredCountProblems } from './content-check.counts.js';
export { formatReport, type CheckReport } from './content-check.report.js';
import type { CheckReport, ModuleStats } from './content-check.report.js';

export const GLOSSARY_FILE = 'glossaire.yaml';

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

/** Reads content/glossaire.yaml; a missing or broken glossary is a problem. */
async function readGlossary(dir: string): Promise<{ glossary: Glossary | null; problems: ContentProblem[] }> {
  const label = `${path.basename(path.resolve(dir))}/${GLOSSARY_FILE}`;
  const source = await readText(path.join(dir, GLOSSARY_FILE)).catch(() => null);
  if (source === null) {
    return {
      glossary: null,
      problems: [{ file: label, line: 1, message: 'Le glossaire manque : un mot pour une chose (voir README.md).' }],
    };
  }
  return parseGlossary(source, label);
}

function moduleStats(catalogue: Catalogue | null, files: readonly FileSentences[]): ModuleStats[] {
  return (catalogue?.modules ?? []).map((m) => {
    const byType = emptyByType();
    for (const ex of m.exercises) byType[ex.type] += 1;
    const sentences = files.filter((f) => f.moduleId === m.id).flatMap((f) => f.sentences.filter((s) => !s.heading));
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
      cues: cueStats(m.exercises),
    };
  });
}

/** Loads the content like the app does, then applies every editorial rule. `now` dates the checks of facts. */
export async function checkContent(dir: string, now: Date = new Date()): Promise<CheckReport> {
  let catalogue: Catalogue | null = null;
  const problems: ContentProblem[] = [];
  try {
    catalogue = await loadContent(dir);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    problems.push(...error.problems);
  }
  const files = await readContentFiles(dir);
  const sentences = sentencesOf(files);
  problems.push(...longSentences(sentences));
  const { glossary, problems: glossaryReading } = await readGlossary(dir);
  problems.push(...glossaryReading);
  if (glossary) {
    const prose = proseFiles(sentences);
    problems.push(...wordProblems(prose, glossary), ...qualifyProblems(prose, glossary), ...acronymProblems(prose, glossary));
  }
  if (catalogue) {
    problems.push(
      ...scoredCountProblems(files, catalogue),
      ...sampleProblems(files, catalogue),
      ...cueProblems(files, catalogue),
      ...taughtProblems(files, catalogue),
      ...factProblems(files, catalogue, now),
      ...(glossary ? codeProblems(files, catalogue, glossary) : []),
    );
  }
  problems.sort(byFileAndLine);

  const modules = moduleStats(catalogue, sentences);
  const byType = emptyByType();
  for (const m of modules) for (const t of EXERCISE_TYPES) byType[t] += m.byType[t];
  const all = sentences.flatMap((f) => f.sentences.filter((s) => !s.heading));
  const totals = {
    modules: modules.length,
    skills: modules.reduce((n, m) => n + m.skills, 0),
    lessons: modules.reduce((n, m) => n + m.lessons, 0),
    exercises: modules.reduce((n, m) => n + m.exercises, 0),
    byType,
    sentences: all.length,
    averageWords: round1(average(all)),
    cues: cueStats(catalogue?.modules.flatMap((m) => m.exercises) ?? []),
  };
  const ok = problems.length === 0 && catalogue !== null && average(all) <= MAX_AVERAGE_WORDS;
  return { problems, catalogue, modules, totals, ok };
}
