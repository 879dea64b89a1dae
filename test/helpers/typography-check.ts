/**
 * French typography in what a page shows (issue 25, point 7): the visible text of a French
 * page (innerText: no hidden element, no attribute, no script) must have no ordinary space
 * before ? ! : ; » nor after «, no straight apostrophe between letters, and no "de" (que,
 * le, la...) before a word that takes an elision ("de Yvonne"). Code, addresses typed by
 * people and the English link are left out.
 */
import type { Page } from 'playwright-core';
import { takesElision } from '../../src/platform/typography.js';

const RULES: { name: string; pattern: RegExp }[] = [
  { name: 'an ordinary space before ? ! : ; »', pattern: / [?!:;»]/g },
  { name: 'an ordinary space after «', pattern: /« /g },
  { name: 'a straight apostrophe', pattern: /\p{L}'\p{L}/gu },
];
const ELISION = /(?:^|[\s\u00A0(«])(de|que|le|la|je|ne|me|te|se|jusque|lorsque|puisque) (\p{L}[\p{L}-]*)/giu;

/** The problems of the page's visible text, each with a few words around it; none for an English page. */
export async function typographyProblems(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    if (document.documentElement.lang !== 'fr') return '';
    // What is left out is hidden for a moment, then shown again as it was.
    const skipped = [...document.querySelectorAll<HTMLElement>('code, pre, kbd, samp, [lang]:not([lang="fr"]), .url')];
    const before = skipped.map((el) => el.style.display);
    for (const el of skipped) el.style.display = 'none';
    const visible = document.body.innerText;
    skipped.forEach((el, i) => (el.style.display = before[i]!));
    return visible;
  });
  if (!text) return [];
  const around = (i: number) => JSON.stringify(text.slice(Math.max(0, i - 25), i + 25).replace(/\s+/g, ' '));
  const problems: string[] = [];
  for (const rule of RULES) for (const m of text.matchAll(rule.pattern)) problems.push(`${rule.name}: ${around(m.index)}`);
  for (const m of text.matchAll(ELISION)) if (takesElision(m[2]!)) problems.push(`no elision: ${around(m.index)}`);
  return problems;
}
