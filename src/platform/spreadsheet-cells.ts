/**
 * Cells of a file that a spreadsheet opens (CSV today, XLSX tomorrow): typed text must
 * never run as a formula. A leader may type a building as `-1+HYPERLINK("http://x";"y")`;
 * LibreOffice and Excel run a cell that starts with `=`, `+`, `-` or `@` as a formula,
 * and a leading tab or carriage return can hide that start. Such a cell gets a leading
 * apostrophe, which spreadsheets show as text, unless the whole cell is a number.
 */

/** The first characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A whole number or a decimal (point or comma), signed, maybe with an exponent: `-3`, `12,5`, `-1.5e3`. */
const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;

export type SpreadsheetValue = string | number | null | undefined;

/** The text of one cell, safe to open in a spreadsheet. */
export function spreadsheetCell(value: SpreadsheetValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** Whether a cell would run as a formula as it is (also for tests and checks of whole files). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text) && !NUMBER.test(text);
}
