/** Checking a backup file in full (counts and checksums) before anything is written. See backup.ts for the format. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { BackupError, FORMAT, FORMAT_VERSION, type Manifest, PROGRESS_EVERY, damaged } from './backup-format.js';

/** The lines of a gzip'd backup, without their newline. Any read or gunzip error rejects. */
export async function* backupLines(source: Readable): AsyncGenerator<string> {
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      rest += decoder.write(chunk as Buffer);
      let start = 0;
      for (let i = rest.indexOf('\n'); i >= 0; i = rest.indexOf('\n', start)) {
        yield rest.slice(start, i);
        start = i + 1;
      }
      rest = rest.slice(start);
    }
  } catch (err) {
    throw damaged(`lecture impossible / unreadable (${(err as Error).message})`);
  } finally {
    source.destroy();
  }
  rest += decoder.end();
  if (rest) yield rest;
}

export const DOC_LINE = /^\{"c":("(?:[^"\\]|\\.)*"),"d":/;

export function parseJson(line: string, what: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw damaged(`${what} illisible / unreadable ${what}`);
  }
}

/**
 * First pass of a restore: reads the whole file and checks the header, the manifest,
 * and every collection's count and checksum. Writes nothing. Returns the manifest.
 */
export async function verifyBackup(open: () => Readable, onLines?: (lines: number) => void): Promise<Manifest> {
  let header: Record<string, unknown> | undefined;
  let manifest: Manifest | undefined;
  const seen = new Map<string, { count: number; hash: ReturnType<typeof createHash> }>();
  let lineNo = 0;
  for await (const line of backupLines(open())) {
    lineNo += 1;
    if (lineNo % (10 * PROGRESS_EVERY) === 0) onLines?.(lineNo);
    if (lineNo === 1) {
      header = parseJson(line, 'en-tête / header');
      if (header.format !== FORMAT) {
        throw new BackupError(
          'Ce fichier n’est pas une sauvegarde de cette application. Rien n’a été écrit.\n' +
            'This file is not a backup of this app. Nothing was written.',
        );
      }
      if (header.formatVersion !== FORMAT_VERSION) {
        throw new BackupError(
          `Format de sauvegarde ${String(header.formatVersion)} inconnu de cette version de l’application. Rien n’a été écrit.\n` +
            `Backup format ${String(header.formatVersion)} unknown to this version of the app. Nothing was written.`,
        );
      }
      continue;
    }
    if (manifest) throw damaged(`ligne ${lineNo} après le manifeste / line ${lineNo} after the manifest`);
    const m = DOC_LINE.exec(line);
    if (m) {
      const name = JSON.parse(m[1]!) as string;
      let entry = seen.get(name);
      if (!entry) seen.set(name, (entry = { count: 0, hash: createHash('sha256') }));
      entry.count += 1;
      entry.hash.update(line + '\n');
      continue;
    }
    const last = parseJson(line, `ligne ${lineNo} / line ${lineNo}`);
    if (!last.manifest || typeof last.manifest !== 'object')
      throw damaged(`ligne ${lineNo} inattendue / unexpected line ${lineNo}`);
    manifest = last.manifest as Manifest;
    if (!Array.isArray(manifest.collections)) throw damaged('manifeste incomplet / incomplete manifest');
  }
  if (!header) throw damaged('fichier vide / empty file');
  if (!manifest)
    throw damaged('pas de manifeste à la fin, le fichier a été coupé / no manifest at the end, the file was cut short');

  const listed = new Set(manifest.collections.map((c) => c.name));
  const wrong: string[] = [...seen.keys()]
    .filter((name) => !listed.has(name))
    .map((name) => `${name}: absente du manifeste / not in the manifest`);
  for (const c of manifest.collections) {
    const got = seen.get(c.name);
    const count = got?.count ?? 0;
    const sha256 = (got?.hash ?? createHash('sha256')).digest('hex');
    if (count !== c.count) wrong.push(`${c.name}: ${count} documents, ${c.count} attendus / expected`);
    else if (sha256 !== c.sha256) wrong.push(`${c.name}: somme de contrôle différente / checksum differs`);
  }
  if (wrong.length > 0) throw damaged(...wrong);
  return manifest;
}
