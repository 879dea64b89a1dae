/**
 * Progress lines for the scripts: a long task says what it is doing every few seconds,
 * so that a run at a city's size never looks hung.
 */
import type { JobContext } from '../src/platform/background.js';

export const out = (line: string) => process.stdout.write(line + '\n');

/** The differences a rebuild found, the first `shown` of them, one a line under its heading. */
export function outDifferences(differences: readonly string[], shown = 50): void {
  for (const d of differences.slice(0, shown)) out(`  ${d}`);
  if (differences.length > shown) out(`  … et ${differences.length - shown} autres / more`);
}

/**
 * A job context (src/platform/background.ts) whose steps print `label`, the steps done
 * and the time taken, at most every `everyMs`; `done()` prints the last line.
 */
export function progress(label: string, everyMs = 5000): JobContext & { done(what?: string): void } {
  const started = Date.now();
  let last = started;
  let steps = 0;
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  return {
    step: async () => {
      steps += 1;
      if (Date.now() - last >= everyMs) {
        last = Date.now();
        out(`  ${label}… ${steps} étapes / steps, ${seconds()} s`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
    done: (what = '') => out(`  ${label} : fait / done${what ? `, ${what}` : ''} (${seconds()} s)`),
  };
}
