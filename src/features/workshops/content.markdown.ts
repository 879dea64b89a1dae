/**
 * Markdown -> HTML, done once at load. Raw HTML is escaped (html: false) and bare
 * URLs stay text (linkify off). `lecon:` / `exercice:` links and `images/` sources
 * are rewritten to app URLs; anything that does not resolve is reported.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import { frenchTypography } from '../../platform/typography.js';
import type { Rich } from '../catalogue/index.js';
import { IMAGE_SRC_PATTERN } from './content.schema.js';
import { exerciseUrl, imageUrl, lessonUrl } from './content.paths.js';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
// The content's text as shown, in French typography (platform/typography.ts); the plain
// `text` kept for checks stays as written.
md.renderer.rules.text = (tokens, idx) => md.utils.escapeHtml(frenchTypography(tokens[idx]!.content));

export interface RenderContext {
  readonly moduleId: string;
  readonly lessonIds: ReadonlySet<string>;
  readonly exerciseIds: ReadonlySet<string>;
  /** File names found in the module's images/ folder. */
  readonly images: ReadonlySet<string>;
  /** Called with the 1-based line of the file where the problem is. */
  report(line: number, message: string): void;
}

const EXTERNAL_LINK = /^(https?:\/\/|mailto:|tel:|#)/i;

/** Checks `images/<file>` against the folder; reports and returns false when missing. */
export function checkImageSrc(src: string, ctx: RenderContext, line: number): boolean {
  if (!IMAGE_SRC_PATTERN.test(src)) {
    ctx.report(line, `Image « ${src} » : écrivez images/<nom>.svg (une image du dossier images du module).`);
    return false;
  }
  if (!ctx.images.has(src.slice('images/'.length))) {
    ctx.report(line, `Image introuvable : ${src} n’existe pas dans le dossier du module.`);
    return false;
  }
  return true;
}

function rewriteLink(token: Token, ctx: RenderContext, line: number): void {
  const href = String(token.attrGet('href') ?? '');
  const colon = href.indexOf(':');
  const scheme = colon > 0 ? href.slice(0, colon) : '';
  const target = href.slice(colon + 1);
  if (scheme === 'lecon') {
    if (!ctx.lessonIds.has(target)) ctx.report(line, `Lien cassé : la leçon « ${target} » n’existe pas dans ce module.`);
    token.attrSet('href', lessonUrl(ctx.moduleId, target));
  } else if (scheme === 'exercice') {
    if (!ctx.exerciseIds.has(target)) ctx.report(line, `Lien cassé : l’exercice « ${target} » n’existe pas dans ce module.`);
    token.attrSet('href', exerciseUrl(ctx.moduleId, target));
  } else if (!EXTERNAL_LINK.test(href)) {
    ctx.report(line, `Lien inconnu « ${href} » : utilisez lecon:<id>, exercice:<id> ou une adresse https://.`);
  }
}

function rewriteImage(token: Token, ctx: RenderContext, line: number): void {
  const src = String(token.attrGet('src') ?? '');
  if (token.content.trim() === '')
    ctx.report(line, `Image ${src} sans texte alternatif : décrivez-la entre les crochets ![ici](...).`);
  if (checkImageSrc(src, ctx, line)) token.attrSet('src', imageUrl(ctx.moduleId, src));
  token.attrSet('loading', 'lazy');
}

function rewriteInline(children: readonly Token[], ctx: RenderContext, line: number): void {
  for (const child of children) {
    if (child.type === 'link_open') rewriteLink(child, ctx, line);
    else if (child.type === 'image') rewriteImage(child, ctx, line);
  }
}

/** Renders a whole document (a lesson body). `firstLine` is the file line of the first source line. */
export function renderBlock(src: string, ctx: RenderContext, firstLine: number): string {
  const env = {};
  const tokens = md.parse(src, env);
  for (const token of tokens) {
    if (token.type === 'inline' && token.children) rewriteInline(token.children, ctx, firstLine + (token.map?.[0] ?? 0));
  }
  return md.renderer.render(tokens, md.options, env);
}

/** Renders one short text (a question, an option, a feedback) with inline Markdown only. */
export function renderInline(src: string, ctx: RenderContext, line: number): Rich {
  const env = {};
  const tokens = md.parseInline(src, env);
  const children = tokens[0]?.children ?? [];
  rewriteInline(children, ctx, line);
  return { text: plainText(children), html: md.renderer.render(tokens, md.options, env) };
}

function plainText(children: readonly Token[]): string {
  let out = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline' || child.type === 'image') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}
