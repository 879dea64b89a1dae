/**
 * The catalogue is loaded at start and kept in memory: every page reads it, nobody
 * writes it. A broken content file stops the start (ContentError). Each app has its own
 * (createApp binds it to its requests and jobs); scripts load one with initCatalogue.
 */
import path from 'node:path';
import { appScoped } from '../../platform/app-scope.js';
import type { Catalogue } from '../catalogue/index.js';
import { loadContent } from './content.loader.js';

const scope = appScoped<Catalogue>('catalogue');

/** Reads and checks a content folder; keeps nothing. */
export function loadCatalogue(contentDir: string): Promise<Catalogue> {
  return loadContent(path.relative(process.cwd(), contentDir) || '.');
}

/** For scripts and tests outside any app: loads the catalogue that code outside a request reads. */
export async function initCatalogue(contentDir: string): Promise<Catalogue> {
  const loaded = await loadCatalogue(contentDir);
  scope.setDefault(loaded);
  return loaded;
}

/** An app's catalogue, bound to its requests and jobs (app-scope.ts). */
export const catalogueBinding = (loaded: Catalogue) => scope.bind(loaded);

/** The catalogue of the app serving this request (or the process default). */
export function catalogue(): Catalogue {
  return scope.get();
}
