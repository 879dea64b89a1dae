/**
 * The benches' child processes: a TypeScript script run with tsx (the app, the bare
 * page, a seed), and the port it prints once listening (`listening <port>`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Runs `script` (relative to `root`, the checkout it belongs to) with tsx; `children` keeps it for the clean-up. */
export function spawnTsx(
  children: ChildProcess[],
  root: string,
  script: string,
  argv: string[],
  env: Record<string, string>,
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...argv], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

/** The port a child prints once it listens; rejects if it stops first. */
export function listening(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`child stopped at start (code ${code})`)));
  });
}
