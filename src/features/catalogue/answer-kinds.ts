/** Kinds of typed answers, and which answers must match exactly. Pure. */
/**
 * What a typed answer is. `mot` (ordinary words) forgives one typo; every other kind
 * must match exactly (case, spaces and accents aside): a wrong number of days or a
 * lookalike address ("cafe.fr" for "caf.fr") is wrong.
 */
export const ANSWER_KINDS = ['mot', 'nombre', 'montant', 'date', 'code', 'adresse-web'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

const WEB_ADDRESS = /^(?:https?:\/\/)?(?:www\.)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}(?:\/\S*)?$/iu;

/** True for a text that must never be matched with typo tolerance: a digit, or a web address. */
export function needsExactMatch(answer: string): boolean {
  return /\p{N}/u.test(answer) || WEB_ADDRESS.test(answer.trim());
}

/** The kind when the file does not say: exact as soon as one accepted answer has a digit or is an address. */
export function inferAnswerKind(answers: readonly string[]): AnswerKind {
  if (answers.some((a) => WEB_ADDRESS.test(a.trim()))) return 'adresse-web';
  if (answers.some((a) => /\p{N}/u.test(a))) return 'nombre';
  return 'mot';
}
