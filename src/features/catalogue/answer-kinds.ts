/**
 * What a typed answer is, and which answers must match exactly. Pure.
 * `mot` (ordinary words) forgives one typo; every other kind is read for its value
 * (a number, an amount, a date, a code, a web address) and that value must be exact:
 * a wrong number of days or a lookalike address ("cafe.fr" for "caf.fr") is wrong.
 */
export const ANSWER_KINDS = ['mot', 'nombre', 'montant', 'date', 'code', 'adresse-web'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** A web address somewhere in a text: labels joined by dots, ending in a top-level domain. */
export const WEB_ADDRESS = /(?:https?:\/\/)?(?:www\.)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,}(?:\/[^\s]*)?/giu;

/**
 * A number on its own: digits (with a decimal mark) not glued to letters. The digit of
 * a name ("clé WPA2", "bâtiment B12") is not a number.
 */
const NUMBER = /(?<![\p{L}\p{N}])\d+(?:[.,]\d+)?(?![\p{L}\p{N}])/u;

export const hasWebAddress = (text: string): boolean => new RegExp(WEB_ADDRESS.source, 'iu').test(text.trim());
export const hasNumber = (text: string): boolean => NUMBER.test(text);

/** True for a text that must never be matched with typo tolerance: a number, or a web address. */
export function needsExactMatch(answer: string): boolean {
  return hasNumber(answer) || hasWebAddress(answer);
}

/** The kind when the file does not say: exact as soon as one accepted answer has a number or an address. */
export function inferAnswerKind(answers: readonly string[]): AnswerKind {
  if (answers.some(hasWebAddress)) return 'adresse-web';
  if (answers.some(hasNumber)) return 'nombre';
  return 'mot';
}
