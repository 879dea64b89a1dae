/**
 * URLs of content pages and images, and the way back from an image URL to a file.
 * One place so that rendered Markdown, views and routes agree.
 */
import path from 'node:path';
import { ID_PATTERN, IMAGE_SRC_PATTERN } from './content.schema.js';

/** The app serves content/<module>/images/ at this prefix. */
export const IMAGE_URL_PREFIX = '/contenu';

export const lessonUrl = (moduleId: string, lessonId: string): string => `/ateliers/${moduleId}/lecons/${lessonId}`;
export const exerciseUrl = (moduleId: string, exerciseId: string): string => `/ateliers/${moduleId}/exercices/${exerciseId}`;
/** The summary at the end of a module: what was learnt, what comes next. */
export const moduleReviewUrl = (moduleId: string): string => `/ateliers/${moduleId}/bilan`;

/** `images/bouton.svg` of module `m` -> `/contenu/m/images/bouton.svg` (src already validated). */
export const imageUrl = (moduleId: string, src: string): string => `${IMAGE_URL_PREFIX}/${moduleId}/${src}`;

/**
 * `/contenu/<module>/images/<file>` -> absolute path of content/<module>/images/<file>,
 * or null when the URL is not exactly that shape. Only plain ids and file names pass,
 * so `..`, encoded slashes and sub-folders never reach the file system.
 */
export function imageFileFromUrl(contentDir: string, url: string): string | null {
  const match = /^\/contenu\/([^/]+)\/images\/([^/]+)$/.exec(url);
  if (!match) return null;
  let moduleId: string;
  let file: string;
  try {
    moduleId = decodeURIComponent(match[1] ?? '');
    file = decodeURIComponent(match[2] ?? '');
  } catch {
    return null;
  }
  if (!ID_PATTERN.test(moduleId) || !IMAGE_SRC_PATTERN.test(`images/${file}`)) return null;
  const root = path.resolve(contentDir);
  const resolved = path.join(root, moduleId, 'images', file);
  // Belt and braces: the patterns above already forbid leaving the folder.
  return resolved.startsWith(root + path.sep) ? resolved : null;
}
