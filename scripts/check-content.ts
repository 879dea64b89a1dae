/**
 * Checks content/ the way the app does at start, without starting it, then the
 * editorial rules (sentence length) and prints the counts per module.
 * Prints every problem as `file:line: message` and exits 1 on any problem, or when
 * the average sentence length is over the limit.
 * Usage: npm run check:content [-- <folder>]
 */
import { formatProblem } from '../src/features/workshops/content.loader.js';
import { checkContent, formatReport, MAX_AVERAGE_WORDS } from '../src/features/workshops/content-checker.js';

const dir = process.argv[2] ?? 'content';
const report = await checkContent(dir);
if (report.catalogue) process.stdout.write(`${formatReport(report)}\n`);
if (report.problems.length > 0) {
  const count = report.problems.length === 1 ? '1 problème' : `${report.problems.length} problèmes`;
  process.stderr.write(`\nLe contenu a ${count} :\n${report.problems.map(formatProblem).join('\n')}\n`);
}
if (report.catalogue && report.totals.averageWords > MAX_AVERAGE_WORDS) {
  process.stderr.write(
    `\nLes phrases sont trop longues en moyenne : ${report.totals.averageWords} mots (${MAX_AVERAGE_WORDS} au plus).\n`,
  );
}
process.stdout.write(report.ok ? '\nOK\n' : '');
process.exitCode = report.ok ? 0 : 1;
