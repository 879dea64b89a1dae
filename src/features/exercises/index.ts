/** Exercises: pure scoring of an answer, the feedback shown, and sample answers for demos. */
export { describeFeedback, type FeedbackDetail } from './feedback.js';
export { displayOrder, parseAnswer, scoreAnswer, type Answer, type ExerciseResult, type ShuffledExercise } from './scoring.js';
export { rightAnswer, wrongAnswer } from './sample-answers.js';
export { matchesShortAnswer } from './short-answer.js';
