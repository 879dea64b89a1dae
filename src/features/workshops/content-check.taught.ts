/**
 * Teach before you test. Each scored exercise names its lesson (`lesson:`) and quotes
 * the sentence of that lesson that teaches the answer (`taught:`); the check finds the
 * quote in the lesson, case, accents, punctuation and Markdown aside. A quote that the
 * lesson does not hold means the exercise tests something the lesson does not say.
 */
import type { Catalogue, Exercise } from '../catalogue/index.js';
import { exerciseFile, lessonFile, type ContentFiles } from './content-check.files.js';
import { stripMarkdown } from './content-check.sentences.js';
import type { ContentProblem } from './content.problems.js';
import { fold } from './glossary.js';

/** The words of a text, folded, one space apart: how quotes and lessons are compared. */
export const wordsOf = (text: string): string => (fold(text).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');

/** A lesson body as plain words: headings, list marks, emphasis and link targets gone. */
export function lessonWords(body: string): string {
  const plain = body
    .split('\n')
    .map((line) => stripMarkdown(line.replace(/^\s*#+\s*/, '')))
    .join(' ');
  return ` ${wordsOf(plain)} `;
}

function problemsOf(e: Exercise, files: ContentFiles): ContentProblem[] {
  const source = exerciseFile(files, e.moduleId, e.file);
  const file = source?.file ?? e.file;
  const line = (at: (string | number)[]) => source?.line(at) ?? 1;
  if (e.lesson === undefined) {
    return [{ file, line: line(['skill']), message: 'Un exercice noté nomme sa leçon : lesson: <id de la leçon>.' }];
  }
  if (!e.taught || e.taught.length === 0) {
    return [
      {
        file,
        line: line(['lesson']),
        message: 'Citez la phrase de la leçon qui enseigne la réponse : taught: "…" (voir README.md).',
      },
    ];
  }
  const lesson = lessonFile(files, e.moduleId, e.lesson);
  if (!lesson) return []; // the loader reports an unknown lesson
  const words = lessonWords(lesson.body);
  return e.taught.flatMap((quote, i) =>
    words.includes(` ${wordsOf(quote)} `)
      ? []
      : [
          {
            file,
            line: line(['taught', i]),
            message: `La leçon « ${e.lesson} » ne dit pas : « ${quote} ». Citez une phrase de la leçon, ou enseignez-la d’abord.`,
          },
        ],
  );
}

/** Every scored exercise tests something its lesson says. */
export function taughtProblems(files: ContentFiles, catalogue: Catalogue): ContentProblem[] {
  return catalogue.modules.flatMap((m) =>
    m.exercises.filter((e) => e.type !== 'auto-evaluation').flatMap((e) => problemsOf(e, files)),
  );
}
