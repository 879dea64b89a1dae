/**
 * Words and sentences of the content, as the FALC rules count them.
 *
 * Sentences — the rules, kept simple so an author can predict them:
 * - a text is cut at line breaks first: every line, list item or table row stands alone;
 * - a line is cut after `.`, `!`, `?` or `…` when a space or the end of the line follows
 *   (closing quotes or brackets may sit in between: `« Arrêter ».`), so `impots.gouv.fr`,
 *   `2.1` or `1,5` do not cut;
 * - ignored before cutting: fenced and inline code, URLs (`https://…`, `www.…`), e-mail
 *   addresses and domain names (`ameli.fr`), Markdown syntax (titles marks, list marks,
 *   emphasis, link targets, table pipes); an image counts as its alt text on its own line;
 * - a word is a run of letters or digits; an apostrophe or a hyphen inside a word does not
 *   cut it (`aujourd'hui`, `c’est`, `double-cliquer` are one word), nor does a `.` or `,`
 *   between digits (`1,5`). A piece without any word is not a sentence.
 *
 * What is measured: lesson bodies (titles `##` are headings, not sentences: they are
 * checked for length but left out of the average) and exercise texts (question,
 * statement, feedback, choices, steps, pairs, zone labels, image alt). The fake screens
 * of `situation` exercises imitate real messages (a scam SMS) and are left out.
 */

/** The FALC rules of the content README. */
export const MAX_SENTENCE_WORDS = 15;
export const MAX_AVERAGE_WORDS = 12;

const WORD = /[\p{L}\p{N}]+(?:['’\-‑][\p{L}\p{N}]+|(?<=\p{N})[.,]\p{N}+)*/gu;

/** Words of a piece of plain text (see the rules at the top). */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

const URL = /\b(?:https?:\/\/|www\.)[^\s)>»]+/gi;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[a-z]{2,}/giu;
// A domain name: labels joined by dots, ending in a known-looking top-level domain.
const DOMAIN = /\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:fr|com|org|net|info|eu|gouv|io|be|re)\b(?:\/[^\s)»]*)?/giu;

/** Removes what is not prose: code, URLs, addresses. */
export function stripNonProse(line: string): string {
  return line
    .replace(/`[^`]*`/g, ' ')
    .replace(URL, ' ')
    .replace(EMAIL, ' ')
    .replace(DOMAIN, ' ');
}

/** Removes Markdown syntax from one line; images become their alt text on a line of their own. */
export function stripMarkdown(line: string): string {
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '\n$1\n')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/^\s*(?:\d+[.)]|[-*+])\s+/, '')
    .replace(/(\*\*|__|\*|_)(?=\S)([^*_]*?\S)\1/g, '$2')
    .replace(/\|/g, '\n')
    .replace(/^\s*:?-{3,}:?\s*$/, '');
}

const END_MARK = /[.!?…]+[»"”’)\]]*(?=\s|$)/gu;

/** Cuts one line of plain text into sentences; pieces without words are dropped. */
export function splitLine(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of line.matchAll(END_MARK)) {
    const end = match.index + match[0].length;
    out.push(line.slice(start, end));
    start = end;
  }
  out.push(line.slice(start));
  return out.map((s) => s.trim()).filter((s) => countWords(s) > 0);
}

/** Sentences of a plain text (an exercise field): cut at line breaks, then at end marks. */
export function splitSentences(text: string): string[] {
  return stripNonProse(text)
    .split('\n')
    .flatMap((line) => splitLine(line));
}

export interface Sentence {
  readonly text: string;
  readonly words: number;
  /** 1-based line in its file. */
  readonly line: number;
  /** Headings are checked for length but not counted in averages. */
  readonly heading: boolean;
}

/** Sentences of a Markdown body whose first line is `firstLine` of its file. */
export function markdownSentences(body: string, firstLine = 1): Sentence[] {
  const out: Sentence[] = [];
  let fence: string | null = null;
  body.split('\n').forEach((raw, i) => {
    const line = firstLine + i;
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fenceMark) {
      fence = fence === null ? fenceMark : fence === fenceMark ? null : fence;
      return;
    }
    if (fence !== null || /^( {4}|\t)/.test(raw)) return; // code
    const heading = /^\s{0,3}#{1,6}\s/.test(raw);
    const text = stripMarkdown(stripNonProse(heading ? raw.replace(/^\s*#+\s*/, '') : raw));
    for (const part of text.split('\n')) {
      for (const sentence of splitLine(part)) out.push({ text: sentence, words: countWords(sentence), line, heading });
    }
  });
  return out;
}

/** Sentences of a short exercise text (inline Markdown allowed), all on `line`, or spread from it. */
export function textSentences(text: string, line: number, multiline: boolean): Sentence[] {
  return markdownSentences(text, line).map((s) => (multiline ? s : { ...s, line, heading: false }));
}
