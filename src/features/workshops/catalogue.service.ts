/**
 * The catalogue is loaded once at start and kept in memory: every page reads it,
 * nobody writes it. A broken content file stops the start (ContentError).
 */
import path from 'node:path';
import type { Catalogue } from './catalogue.types.js';
import { loadContent } from './content.loader.js';

let loaded: Catalogue | undefined;
let loading: Promise<Catalogue> | undefined;

export async function initCatalogue(contentDir: string): Promise<Catalogue> {
  loading ??= loadContent(path.relative(process.cwd(), contentDir) || '.').then((c) => (loaded = c));
  return loading;
}

/** The loaded catalogue; createApp loads it before any route runs. */
export function catalogue(): Catalogue {
  if (!loaded) throw new Error('catalogue not loaded: call initCatalogue() first');
  return loaded;
}
