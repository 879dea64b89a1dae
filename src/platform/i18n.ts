/**
 * i18next with French first and English second. Strings live next to the feature that
 * uses them (`src/features/<feature>/messages.json`, `{ "fr": {...}, "en": {...} }`);
 * each file owns its top-level keys, and a key claimed twice stops the start.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { LanguageDetector, handle } from 'i18next-http-middleware';
import type { RequestHandler } from 'express';

export const LANGUAGES = ['fr', 'en'] as const;

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
  await instance.use(LanguageDetector).init({
    resources: loadResources(),
    fallbackLng: 'fr',
    supportedLngs: [...LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    // EJS <%= %> escapes: escaping here too would show &amp; to the reader.
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: {
      // No Accept-Language: the interface is French unless the reader picks English.
      order: ['querystring', 'cookie'],
      lookupQuerystring: 'lng',
      lookupCookie: 'lang',
      caches: ['cookie'],
      cookieSameSite: 'lax',
      cookieExpirationDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    },
  });
  return instance;
}

export function i18nMiddleware(instance: i18n): RequestHandler {
  return handle(instance) as RequestHandler;
}
