#!/usr/bin/env node
// Compiles src/ to dist/ (what `npm start` runs) and copies the translation files beside
// the code that reads them. Views, content, public files and fonts stay where they are:
// the compiled code finds them from the project root.
// `--if-possible` (from `npm install`): without TypeScript (an install with --omit=dev),
// say so and exit 0, so the install still succeeds; `npm run build` then fails loudly.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const say = (msg) => process.stdout.write(`[build] ${msg}\n`);

let tsc;
try {
  tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (process.argv.includes('--if-possible')) {
    say(
      existsSync(path.join(dist, 'server.js'))
        ? 'TypeScript is not installed: dist/ is kept as it is.'
        : 'TypeScript is not installed: run `npm run build` after a full `npm install`.',
    );
    process.exit(0);
  }
  say('TypeScript is not installed: run `npm install` (with the dev dependencies) first.');
  process.exit(1);
}

// A file removed from src/ must not live on in dist/.
rmSync(dist, { recursive: true, force: true });
say('tsc -p tsconfig.build.json');
const run = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

let copied = 0;
(function copyMessages(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) copyMessages(file);
    else if (entry.name === 'messages.json') {
      cpSync(file, path.join(dist, path.relative(src, file)));
      copied++;
    }
  }
})(src);
say(`dist/ ready (${copied} translation files copied)`);
