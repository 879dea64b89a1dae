/**
 * Checks content/ the way the app does at start, without starting it:
 * prints OK, or every problem as `file:line: message` and exits 1.
 * Usage: npm run check:content [-- <folder>]
 */
import { ContentError, loadContent } from '../src/features/workshops/content.loader.js';

const dir = process.argv[2] ?? 'content';
try {
  const catalogue = await loadContent(dir);
  const exercises = catalogue.modules.reduce((sum, m) => sum + m.exercises.length, 0);
  process.stdout.write(
    `OK : ${catalogue.modules.length} modules, ${catalogue.allSkills().length} compétences, ${exercises} exercices.\n`,
  );
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
