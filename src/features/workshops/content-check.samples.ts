/**
 * Typed answers ("réponse courte") are tried before residents type them: each exercise
 * lists answers that must be scored right and answers that must be scored wrong
 * (`samples`), and the check scores each one the way the app does.
 */
import { matchesShortAnswer } from '../exercises/index.js';
import type { Catalogue, ShortAnswerExercise } from '../catalogue/index.js';
import { exerciseFile, type ContentFiles } from './content-check.files.js';
import type { ContentProblem } from './content.problems.js';

function samplesOf(e: ShortAnswerExercise, files: ContentFiles): ContentProblem[] {
  const source = exerciseFile(files, e.moduleId, e.file);
  const file = source?.file ?? `${files.label}/${e.moduleId}/exercices/${e.file}`;
  const line = (at: (string | number)[]) => source?.line(at) ?? 1;
  if (!e.samples) {
    return [
      {
        file,
        line: line(['answers']),
        message: 'Donnez des réponses à essayer : samples: { right: [...], wrong: [...] } (voir README.md).',
      },
    ];
  }
  const out: ContentProblem[] = [];
  e.samples.right.forEach((sample, i) => {
    if (!matchesShortAnswer(sample, e.answers, e.kind)) {
      out.push({
        file,
        line: line(['samples', 'right', i]),
        message: `La réponse juste « ${sample} » est refusée (${e.kind}) : ajoutez-la à answers, ou changez kind.`,
      });
    }
  });
  e.samples.wrong.forEach((sample, i) => {
    if (matchesShortAnswer(sample, e.answers, e.kind)) {
      out.push({
        file,
        line: line(['samples', 'wrong', i]),
        message: `La réponse fausse « ${sample} » est acceptée (${e.kind}) : retirez la réponse trop large de answers.`,
      });
    }
  });
  return out;
}

/** Every short-answer exercise has samples, and each sample is scored as it says. */
export function sampleProblems(files: ContentFiles, catalogue: Catalogue): ContentProblem[] {
  return catalogue.modules.flatMap((m) => m.exercises.flatMap((e) => (e.type === 'reponse-courte' ? samplesOf(e, files) : [])));
}
