/**
 * Scoring a typed answer ("réponse courte"). Pure: text in, yes or no out.
 *
 * Every kind ignores case, accents, spaces and surrounding quotes or punctuation. Then:
 * - `mot`: small words (le, la, un, dans, votre...) do not count, "n°" reads "numéro",
 *   and one typo is forgiven in answers of 4 letters or more. A word holding a digit
 *   ("WPA2") must be exact.
 * - `nombre`: the value counts: "14", "1 4", "quatorze", "14 jours" are the same answer.
 * - `montant`: the value in cents counts: "1 €", "1,00", "1,00 €", "un euro".
 * - `date`: day, month and year count: "13/10/2026", "13 10 2026", "le 13 octobre 2026".
 * - `code`: letters and digits count, nothing else: "PDF", ".pdf", "un PDF".
 * - `adresse-web`: the address counts, without https://, www. or a final /: "cafe.fr"
 *   is never "caf.fr".
 * Beside the value, a number, amount or date may carry only small words, or words that
 * one of the accepted answers has ("par mois" when "1 € par mois" is accepted): "1 € par
 * an" is then wrong.
 */
import { needsExactMatch, WEB_ADDRESS, type AnswerKind } from '../catalogue/index.js';

/** Lower case, no accents, œ/æ spelt out, one space, no surrounding quotes or trailing punctuation. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/^[\s«"“]+/u, '')
    .replace(/[\s.,;:!?…»"”]+$/u, '');
}

/** Damerau-Levenshtein distance (optimal string alignment), by code point. */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const width = t.length + 1;
  const d = new Array<number>((s.length + 1) * width).fill(0);
  const at = (i: number, j: number): number => d[i * width + j] ?? 0;
  for (let i = 0; i <= s.length; i++) d[i * width] = i;
  for (let j = 0; j <= t.length; j++) d[j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(s.length, t.length);
}

// ------------------------------------------------------------------ words

/** Small words that change nothing to an answer: articles, possessives, "c'est", "dans"... */
const SMALL_WORDS = new Set(
  (
    'le la les l un une des du de d au aux a en dans sur mon ma mes ton ta tes son sa ses votre vos notre nos ' +
    'leur leurs ce cet cette ces c est je j il on tu vous nous faut'
  ).split(' '),
);
/** Words a number, an amount or a date may carry besides the small words. */
const VALUE_WORDS = new Set('environ peu pres seulement juste exactement total fait coute coutent cela ca y'.split(' '));
const CURRENCY = new Set(['€', 'euro', 'euros', 'eur']);
const WEEKDAYS = new Set('lundi mardi mercredi jeudi vendredi samedi dimanche'.split(' '));
const MONTHS: Readonly<Record<string, number>> = {
  janvier: 1, janv: 1, fevrier: 2, fevr: 2, fev: 2, mars: 3, avril: 4, avr: 4, mai: 5, juin: 6,
  juillet: 7, juil: 7, aout: 8, septembre: 9, sept: 9, octobre: 10, oct: 10, novembre: 11, nov: 11,
  decembre: 12, dec: 12,
}; // prettier-ignore

/** "n°", "n °", "nº", "num." are the word "numéro" written short, as on official papers. */
const withNumero = (text: string): string =>
  text.replace(/(^|\s)n\s?[°º]\s?/g, '$1numero ').replace(/(^|\s)num\.?(?=\s|$|\d)\s?/g, '$1numero ');

type Token = { readonly kind: 'word' | 'number' | 'sign'; readonly text: string; readonly value?: number };

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
  onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30,
  quarante: 40, cinquante: 50, soixante: 60,
}; // prettier-ignore

/** The value of French number words ("quatre-vingt-dix", "cent trois"), or null when one is not a number word. */
export function frenchNumber(words: readonly string[]): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of words.flatMap((w) => w.split('-')).filter((w) => w !== 'et')) {
    if (word === 'cent' || word === 'cents') current = (current || 1) * 100;
    else if (word === 'mille') {
      total += (current || 1) * 1000;
      current = 0;
    } else if (UNITS[word] === undefined) return null;
    // quatre-vingt(s) is 4 × 20.
    else if ((word === 'vingt' || word === 'vingts') && current % 100 === 4) current += 76;
    else current += UNITS[word];
    seen = true;
  }
  return seen ? total + current : null;
}

const isNumberWord = (w: string): boolean =>
  w.split('-').every((p) => p === 'et' || p === 'cent' || p === 'cents' || p === 'mille' || UNITS[p] !== undefined);

/**
 * Words, numbers and signs of a normalized text. `joinDigits`: "3 179" is one number.
 * `numberWords`: "quatorze" is a number (not for dates: "sept" is also September).
 */
function tokens(text: string, opts: { joinDigits: boolean; numberWords: boolean }): Token[] {
  const source = opts.joinDigits ? text.replace(/(\d)\s+(?=\d)/g, '$1') : text;
  // A decimal mark belongs to amounts; in a date, "13.10.2026" is three numbers.
  const number = opts.numberWords ? '\\d+(?:[.,]\\d+)?' : '\\d+';
  const raw =
    source.match(
      new RegExp(`${number}(?:er|e)?(?![\\p{L}\\p{N}])|[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}']`, 'gu'),
    ) ?? [];
  const out: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i] as string;
    if (/^\d/.test(t)) {
      out.push({ kind: 'number', text: t, value: Number(t.replace(/(er|e)$/, '').replace(',', '.')) });
    } else if (opts.numberWords && /^[\p{L}\p{N}]/u.test(t) && isNumberWord(t) && t !== 'et') {
      // A run of number words is one number: "vingt et un", "cent trois".
      const run = [t];
      while (i + 1 < raw.length && isNumberWord(raw[i + 1] as string)) run.push(raw[++i] as string);
      const value = frenchNumber(run);
      out.push(value === null ? { kind: 'word', text: run.join(' ') } : { kind: 'number', text: run.join(' '), value });
    } else {
      out.push({ kind: /^[\p{L}\p{N}]/u.test(t) ? 'word' : 'sign', text: t });
    }
  }
  return out;
}

const prepared = (text: string): string => withNumero(normalizeAnswer(text));
const VALUE = { joinDigits: true, numberWords: true } as const;
const PLAIN = { joinDigits: false, numberWords: false } as const;

// ------------------------------------------------------------------ the kinds

/** Words the accepted answers carry beside their value: a given answer may carry them too. */
function knownWords(accepted: readonly string[]): Set<string> {
  const words = new Set<string>([...SMALL_WORDS, ...VALUE_WORDS]);
  for (const a of accepted) for (const t of tokens(prepared(a), VALUE)) if (t.kind === 'word') words.add(t.text);
  return words;
}

const onlyKnown = (list: readonly Token[], known: ReadonlySet<string>): boolean =>
  list.every(
    (t) => t.kind === 'word' && (known.has(t.text) || [...known].some((k) => k.length >= 4 && editDistance(k, t.text) <= 1)),
  );

/** The single value of a number or an amount, and what is left beside it; null when there is not exactly one. */
function valueOf(text: string, kind: 'nombre' | 'montant'): { value: number; rest: Token[] } | null {
  const all = tokens(prepared(text), VALUE).filter((t) => !(kind === 'montant' && CURRENCY.has(t.text)));
  const numbers = all.filter((t) => t.kind === 'number');
  if (numbers.length !== 1) return null;
  const value = (numbers[0] as Token).value as number;
  return { value: kind === 'montant' ? Math.round(value * 100) : value, rest: all.filter((t) => t.kind !== 'number') };
}

function matchValue(given: string, accepted: readonly string[], kind: 'nombre' | 'montant'): boolean {
  const g = valueOf(given, kind);
  if (!g || !onlyKnown(g.rest, knownWords(accepted))) return false;
  return accepted.some((a) => {
    const v = valueOf(a, kind);
    if (!v || v.value !== g.value) return false;
    // A word that tells the period or the unit ("par an" for "par mois") must be the accepted one.
    const own = new Set(v.rest.map((t) => t.text));
    return g.rest.every((t) => own.has(t.text) || SMALL_WORDS.has(t.text) || VALUE_WORDS.has(t.text));
  });
}

interface DayMonthYear {
  readonly day?: number;
  readonly month?: number;
  readonly year?: number;
}

const fullYear = (y: number): number => (y < 100 ? 2000 + y : y);

/** Day, month and year of a date written in figures or in words; null when it is not a date. */
export function dateOf(text: string): DayMonthYear | null {
  const all = tokens(prepared(text), PLAIN).filter((t) => !(t.kind === 'sign' && '/-.'.includes(t.text)));
  const monthIndex = all.findIndex((t) => t.kind === 'word' && MONTHS[t.text] !== undefined);
  const others = all.filter((t, i) => i !== monthIndex && t.kind !== 'number');
  if (others.some((t) => !(SMALL_WORDS.has(t.text) || WEEKDAYS.has(t.text) || t.text === 'premier'))) return null;
  const numbers = all.filter((t) => t.kind === 'number').map((t) => t.value as number);
  let date: DayMonthYear;
  if (monthIndex >= 0) {
    const before = all.slice(0, monthIndex).filter((t) => t.kind === 'number');
    const after = all.slice(monthIndex + 1).filter((t) => t.kind === 'number');
    const day = all.slice(0, monthIndex).some((t) => t.text === 'premier') ? 1 : before.at(-1)?.value;
    date = {
      day,
      month: MONTHS[(all[monthIndex] as Token).text],
      year: after[0] ? fullYear(after[0].value as number) : undefined,
    };
  } else if (numbers.length === 3) date = { day: numbers[0], month: numbers[1], year: fullYear(numbers[2] as number) };
  else if (numbers.length === 2) date = { month: numbers[0], year: fullYear(numbers[1] as number) };
  else if (numbers.length === 1 && (numbers[0] as number) >= 1000) date = { year: numbers[0] };
  else return null;
  const ok =
    (date.day === undefined || (date.day >= 1 && date.day <= 31)) &&
    (date.month === undefined || (date.month >= 1 && date.month <= 12));
  return ok ? date : null;
}

function matchDate(given: string, accepted: readonly string[]): boolean {
  const g = dateOf(given);
  if (!g) return false;
  return accepted.some((a) => {
    const d = dateOf(a);
    return d !== null && d.day === g.day && d.month === g.month && d.year === g.year;
  });
}

/** A code is its letters and digits: spaces, dots, dashes and small words do not count. */
export const codeForm = (text: string): string =>
  tokens(prepared(text), { joinDigits: true, numberWords: false })
    .filter((t) => !(t.kind === 'word' && SMALL_WORDS.has(t.text)))
    .map((t) => t.text.replace(/[^\p{L}\p{N}]/gu, ''))
    .join('');

/** A web address without `https://`, `www.` and a final `/`, which change nothing. */
export const addressForm = (address: string): string =>
  address
    .replace(/\s+/g, '')
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/+$/, '');

const ADDRESS_WORDS = new Set([...SMALL_WORDS, 'site', 'adresse', 'www', 'http', 'https']);

/** The one web address of a text, when the rest is only "le site", "sur"...; else null. */
function addressOf(text: string): string | null {
  const n = normalizeAnswer(text);
  const found = n.match(WEB_ADDRESS) ?? [];
  if (found.length === 0) {
    const compact = n.replace(/\s+/g, '');
    return new RegExp(`^${WEB_ADDRESS.source}$`, 'iu').test(compact) ? addressForm(compact) : null;
  }
  if (found.length > 1) return null;
  const rest = n.replace(found[0] as string, ' ').match(/[\p{L}\p{N}]+/gu) ?? [];
  return rest.every((w) => ADDRESS_WORDS.has(w)) ? addressForm(found[0] as string) : null;
}

function matchAddress(given: string, accepted: readonly string[]): boolean {
  const g = addressOf(given);
  return g !== null && accepted.some((a) => addressOf(a) === g);
}

/** Words without the small ones; words holding a digit apart, since those must be exact. */
function wordForm(text: string): { words: string; withDigits: string[] } {
  const list = tokens(prepared(text), PLAIN)
    .filter((t) => t.kind !== 'sign' && !SMALL_WORDS.has(t.text))
    .map((t) => t.text);
  return { words: list.join(' '), withDigits: list.filter((w) => /\d/.test(w)) };
}

function matchWords(given: string, accepted: readonly string[]): boolean {
  const g = wordForm(given);
  if (g.words === '') return false;
  return accepted.some((answer) => {
    if (needsExactMatch(answer)) return matchShortAnswer(given, [answer], exactKindOf(answer));
    if (needsExactMatch(given)) return false;
    const a = wordForm(answer);
    if (a.withDigits.join(' ') !== g.withDigits.join(' ')) return false;
    const tolerance = Array.from(a.words).length >= 4 ? 1 : 0;
    return editDistance(g.words, a.words) <= tolerance;
  });
}

const exactKindOf = (answer: string): AnswerKind =>
  new RegExp(WEB_ADDRESS.source, 'iu').test(answer) ? 'adresse-web' : 'nombre';

function matchShortAnswer(given: string, accepted: readonly string[], kind: AnswerKind): boolean {
  if (normalizeAnswer(given).replace(/[^\p{L}\p{N}]/gu, '') === '') return false;
  switch (kind) {
    case 'mot':
      return matchWords(given, accepted);
    case 'nombre':
    case 'montant':
      return matchValue(given, accepted, kind);
    case 'date':
      return matchDate(given, accepted);
    case 'code': {
      const g = codeForm(given);
      return g !== '' && accepted.some((a) => codeForm(a) === g);
    }
    case 'adresse-web':
      return matchAddress(given, accepted);
  }
}

/** True when the typed text is one of the accepted answers, for that kind of answer. */
export function matchesShortAnswer(given: string, accepted: readonly string[], kind: AnswerKind = 'mot'): boolean {
  return matchShortAnswer(given, accepted, kind);
}
