/**
 * Reads an XLSX file back as a spreadsheet would, with no code of the writer: the zip's
 * central directory, each part (stored or deflated), then the first worksheet's cells
 * (inline strings, shared strings, numbers) by their reference, and which are dates.
 */
import { inflateRawSync } from 'node:zlib';

export function unzip(file: Buffer): Map<string, Buffer> {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip file');
  const count = file.readUInt16LE(end + 10);
  let p = file.readUInt32LE(end + 16);
  const parts = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (file.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = file.readUInt16LE(p + 10);
    const size = file.readUInt32LE(p + 20);
    const nameLength = file.readUInt16LE(p + 28);
    const extra = file.readUInt16LE(p + 30);
    const comment = file.readUInt16LE(p + 32);
    const local = file.readUInt32LE(p + 42);
    const name = file.toString('utf8', p + 46, p + 46 + nameLength);
    const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    const data = file.subarray(start, start + size);
    parts.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLength + extra + comment;
  }
  return parts;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export interface SheetCell {
  value: string | number;
  date: boolean;
}

/** The first worksheet as rows of cells (missing cells are empty strings). */
export function readSheet(file: Buffer): SheetCell[][] {
  const parts = unzip(file);
  const shared = [...(parts.get('xl/sharedStrings.xml')?.toString('utf8') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    unescape([...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')),
  );
  const styles = parts.get('xl/styles.xml')?.toString('utf8') ?? '';
  const xfs = [...(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map(
    (m) => Number(m[1]),
  );
  const dateFormats = new Set(
    [...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)]
      .filter((m) => /[dy]/i.test(m[2]!))
      .map((m) => Number(m[1])),
  );
  [14, 15, 16, 17, 22].forEach((id) => dateFormats.add(id));
  const sheet = parts.get('xl/worksheets/sheet1.xml')!.toString('utf8');
  const rows: SheetCell[][] = [];
  for (const row of sheet.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells: SheetCell[] = [];
    for (const c of row[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = [...c[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const attrs = c[2]!;
      const inner = c[3] ?? '';
      const type = /t="(\w+)"/.exec(attrs)?.[1];
      const style = Number(/s="(\d+)"/.exec(attrs)?.[1] ?? 0);
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value: string | number = '';
      if (type === 'inlineStr') value = unescape([...inner.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''));
      else if (type === 's') value = shared[Number(v)] ?? '';
      else if (type === 'str') value = unescape(v ?? '');
      else if (v !== undefined) value = Number(v);
      while (cells.length < col) cells.push({ value: '', date: false });
      cells[col] = { value, date: typeof value === 'number' && dateFormats.has(xfs[style] ?? 0) };
    }
    rows.push(cells);
  }
  return rows;
}

/** A date cell's day, "YYYY-MM-DD" (serial days since 30 December 1899). */
export const serialToDay = (n: number) => new Date(Date.UTC(1899, 11, 30) + n * 86_400_000).toISOString().slice(0, 10);
