/**
 * The shape of the learning content (modules, lessons, skills, exercises, the kinds of
 * typed answers), below every learning feature: workshops load it, exercises score it,
 * progress sums it up.
 */
export type * from './catalogue.types.js';
export { ANSWER_KINDS, inferAnswerKind, needsExactMatch, WEB_ADDRESS, type AnswerKind } from './answer-kinds.js';
