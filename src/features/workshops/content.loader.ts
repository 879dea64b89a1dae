/**
 * Loads content/ once at start: reads and validates each file (content.parse.ts),
 * cross-checks them (content.validate.ts), renders and indexes everything
 * (content.build.ts), then returns a frozen Catalogue. Any problem stops the start with
 * ONE ContentError listing every problem as `file:line: message`.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Catalogue, Module } from '../catalogue/index.js';
import { buildCatalogue, buildModule } from './content.build.js';
import { listEntries, readModule, type RawModule } from './content.parse.js';
import { ContentError, Problems } from './content.problems.js';
import { crossCheck } from './content.validate.js';

export { ContentError, formatProblem } from './content.problems.js';

/**
 * Reads `dir` (usually `content`): each sub-folder holding a module.yaml is a module;
 * top-level files (README.md, socle.yaml...) are not modules and are skipped.
 */
export async function loadContent(dir: string): Promise<Catalogue> {
  const root = path.resolve(dir);
  const problems = new Problems(root, path.basename(root));
  const raws: RawModule[] = [];
  for (const folder of await listEntries(root, 'folders')) {
    const moduleDir = path.join(root, folder);
    if ((await listEntries(moduleDir)).includes('module.yaml')) {
      raws.push(await readModule(moduleDir, folder, problems));
    } else if ((await readdir(moduleDir)).some((name) => name === 'lecons' || name === 'exercices')) {
      // Lessons without module.yaml (or a misnamed module.yml) would silently vanish.
      problems.add(
        path.join(moduleDir, 'module.yaml'),
        1,
        'Fichier manquant : ce dossier a des leçons ou des exercices mais pas de module.yaml.',
      );
    }
  }
  if (raws.length === 0) problems.add(root, 1, 'Aucun module : aucun dossier ne contient de module.yaml.');

  crossCheck(raws, problems);
  const modules = raws.map((raw) => buildModule(raw, problems));
  if (problems.list.length > 0) throw new ContentError(problems.sorted());
  return buildCatalogue(modules.filter((m): m is Module => m !== null));
}
