/**
 * i18next with French first and English second. Strings live next to the feature that
 * uses them (`src/features/<feature>/messages.json`, `{ "fr": {...}, "en": {...} }`);
 * each file owns its top-level keys, and a key claimed twice stops the start.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { LanguageDetector, handle } from 'i18next-http-middleware';
import type { Request, RequestHandler, Response } from 'express';
import { readCookies } from './security.js';
import { frenchTypography } from './typography.js';

export const LANGUAGES = ['fr', 'en'] as const;
type Language = (typeof LANGUAGES)[number];
const isLanguage = (value: unknown): value is Language => value === 'fr' || value === 'en';

const SRC_DIR = path.resolve(import.meta.dirname, '..');

export function messageFiles(): string[] {
  const files = [path.join(SRC_DIR, 'platform', 'messages.json')];
  const featuresDir = path.join(SRC_DIR, 'features');
  for (const feature of readdirSync(featuresDir).sort()) {
    const file = path.join(featuresDir, feature, 'messages.json');
    if (existsSync(file)) files.push(file);
  }
  return files;
}

export function loadResources(files = messageFiles()): Resource {
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  const owner: Record<string, string> = {};
  for (const file of files) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const lng of LANGUAGES) {
      const strings = data[lng] ?? {};
      const target = (resources[lng] ??= { translation: {} }).translation;
      for (const [key, value] of Object.entries(strings)) {
        const claimed = owner[`${lng}:${key}`];
        if (claimed && claimed !== file) throw new Error(`Translation key "${key}" is defined in both ${claimed} and ${file}`);
        owner[`${lng}:${key}`] = file;
        target[key] = value;
      }
    }
  }
  return resources;
}

export async function createI18n(): Promise<i18n> {
  const instance = i18next.createInstance();
  // Every French string, with what it holds (a name, a date), is set in French typography.
  const typography = {
    type: 'postProcessor' as const,
    name: 'typography',
    process: (value: string, _key: string | string[], options: { lng?: string }, translator: { language?: string }) =>
      (options.lng ?? translator.language ?? 'fr').startsWith('fr') ? frenchTypography(value) : value,
  };
  await instance
    .use(LanguageDetector)
    .use(typography)
    .init({
      postProcess: ['typography'],
      resources: loadResources(),
      fallbackLng: 'fr',
      supportedLngs: [...LANGUAGES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      // EJS <%= %> escapes: escaping here too would show &amp; to the reader.
      interpolation: { escapeValue: false },
      returnNull: false,
      // Only `?lng=` here; the session's or the account's choice comes after login (languageChoice).
      detection: { order: ['querystring'], lookupQuerystring: 'lng', caches: false },
    });
  return instance;
}

export function i18nMiddleware(instance: i18n): RequestHandler {
  return handle(instance) as RequestHandler;
}

/**
 * A visitor's choice lasts as long as the browser: a cookie without expiry, never a
 * long-lived one that a shared computer would keep for the next person.
 */
export const languageCookieName = (https: boolean) => (https ? '__Host-krn.lang' : 'krn.lang');

interface LanguageCookie {
  name: string;
  options: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/' };
}
const visitorCookies = new WeakMap<Request, LanguageCookie>();

/**
 * The language of each request: `?lng=` (a link of the header), then the choice made
 * earlier in this session (or, for a visitor, in this browser), then the account's own
 * setting (/mon-compte), then French. `?lng=` never changes the account's setting.
 * After the session and the user are known.
 */
export function languageChoice(opts: { https: boolean }): RequestHandler {
  const name = languageCookieName(opts.https);
  const cookieOptions = { httpOnly: true, sameSite: 'lax', secure: opts.https, path: '/' } as const;
  const cookie = { name, options: cookieOptions };
  return (req, res, next) => {
    visitorCookies.set(req, cookie);
    const asked = isLanguage(req.query.lng) ? req.query.lng : undefined;
    let lng: Language;
    if (req.user) {
      if (asked && req.session.lang !== asked) req.session.lang = asked;
      lng = asked ?? req.session.lang ?? req.user.locale;
    } else {
      const chosen = visitorLanguage(req);
      if (asked && asked !== chosen) res.cookie(name, asked, cookieOptions);
      lng = asked ?? chosen ?? 'fr';
    }
    if (req.language !== lng) void req.i18n.changeLanguage(lng);
    next();
  };
}

/** The language a visitor chose in this browser, if any. */
export function visitorLanguage(req: Request): Language | undefined {
  const name = visitorCookies.get(req)?.name;
  const value = name ? readCookies(req, [name])[name] : undefined;
  return isLanguage(value) ? value : undefined;
}

/** At login and logout: the visitor's choice goes (into the new session, or away). */
export function forgetVisitorLanguage(req: Request, res: Response): void {
  const cookie = visitorCookies.get(req);
  if (cookie && visitorLanguage(req)) res.clearCookie(cookie.name, cookie.options);
}

/** Strings translated without options, per resource store and language (at most this many each). */
const MEMO_MAX = 5000;
const memos = new WeakMap<object, Map<string, Map<string, string>>>();

/**
 * The request's `t`, remembering each string asked without options: a page asks for
 * the same few hundred labels on every request, and each call runs i18next's lookup and
 * the typography pass (issue 20: a few ms of a record's CPU). Calls with options
 * (a name, a count) are translated each time. The strings are loaded once at start.
 */
export function rememberingT(req: Request): TFunction {
  const t = req.t;
  const store = req.i18n?.store;
  if (!store) return t;
  let byLanguage = memos.get(store);
  if (!byLanguage) memos.set(store, (byLanguage = new Map()));
  const languages = byLanguage;
  const remembering = (key: unknown, ...rest: unknown[]) => {
    if (rest.length > 0 || typeof key !== 'string') return (t as unknown as (...a: unknown[]) => unknown)(key, ...rest);
    const lng = req.i18n.language ?? '';
    let memo = languages.get(lng);
    if (!memo) languages.set(lng, (memo = new Map()));
    let value = memo.get(key);
    if (value === undefined) {
      value = t(key);
      if (memo.size < MEMO_MAX) memo.set(key, value);
    }
    return value;
  };
  return remembering as unknown as TFunction;
}
