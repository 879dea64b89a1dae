/**
 * French typography, in one place: every translated string (an i18next post-processor,
 * i18n.ts), the content's text (content.markdown.ts), the dates (day.ts) and the PDFs
 * (which print translated strings) go through `frenchTypography`.
 *
 * - elision before a vowel or a mute h: "de Yvonne" → "d’Yvonne", "que il" → "qu’il";
 *   never before an aspirated h ("de haut") nor a y sounded as a consonant ("de Yann");
 * - one apostrophe: the typographic ’, never the straight ';
 * - non-breaking spaces: a narrow one before ? ! ; and a normal one before : and »,
 *   and after «, so that none of them starts a line alone;
 * - "1er" for the first day of a month.
 * Pure: strings in, strings out. Only spaces already there become non-breaking (a "?"
 * glued to a word is an address: /statistiques?periode=2026).
 */

const NBSP = '\u00A0';
const NARROW_NBSP = '\u202F';

const VOWELS = 'aeiouàâäéèêëîïôöùûüœæ';
/** Words whose h is mute, written in lower case (a capital H is a first name's: Hélène, Hugo). */
const MUTE_H =
  /^(heure|habit|habitu|hôpita|homme|histoire|hiver|héberge|herbe|huile|humain|hôtel|horaire|hygiène|hypoth|hébergé|hésit|honnête|honneur)/;

/** True when the word begins with a vowel sound that takes an elision. */
export function takesElision(word: string): boolean {
  const first = word.charAt(0);
  const lower = first.toLowerCase();
  if (VOWELS.includes(lower)) return true;
  // Y: a vowel before a consonant (Yvonne, Yves), a consonant before a vowel (Yann, yaourt).
  if (lower === 'y') return word.length > 1 && !VOWELS.includes(word.charAt(1).toLowerCase());
  if (lower === 'h') return first === 'H' ? /^H[^\p{Lu}]/u.test(word) : MUTE_H.test(word);
  return false;
}

const ELIDED: Record<string, string> = {
  de: 'd',
  que: 'qu',
  le: 'l',
  la: 'l',
  je: 'j',
  ne: 'n',
  me: 'm',
  te: 't',
  se: 's',
  jusque: 'jusqu',
  lorsque: 'lorsqu',
  puisque: 'puisqu',
};

const ELISION = /(^|[\s\u00A0(«“"’'])(de|que|le|la|je|ne|me|te|se|jusque|lorsque|puisque) (\p{L}[\p{L}-]*)/giu;

function elide(text: string): string {
  return text.replace(ELISION, (all, before: string, small: string, word: string) => {
    if (!takesElision(word)) return all;
    const short = ELIDED[small.toLowerCase()]!;
    const cased = small.charAt(0) === small.charAt(0).toUpperCase() ? short.charAt(0).toUpperCase() + short.slice(1) : short;
    return `${before}${cased}’${word}`;
  });
}

/** The French rules above, on a plain or HTML string (tags and entities are left alone). */
export function frenchTypography(text: string): string {
  if (!text) return text;
  return (
    elide(text.replace(/(\p{L})'(\p{L})/gu, '$1’$2'))
      .replace(/ ([?!;])/g, `${NARROW_NBSP}$1`)
      .replace(/ (:|»)/g, `${NBSP}$1`)
      .replace(/« /g, `«${NBSP}`)
      // "1 mai", "le 1 janvier": the first of a month.
      .replace(
        /(^|[^\d,.])1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/g,
        '$11er $2',
      )
  );
}
