/**
 * What every certificate layout shares: the fonts (DejaVu Sans, shipped in
 * assets/fonts with their licence, parsed once per process) and the buffer collector.
 */
import { formatDate } from '../../platform/day.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';

export const FONT_DIR = path.resolve(import.meta.dirname, '../../../assets/fonts');

// PDFKit takes an already parsed fontkit font (the same fontkit it uses). Parsing DejaVu
// Sans was most of the time of a certificate: parse it once per process, not per PDF.
type ParsedFont = PDFKit.Mixins.PDFFontSource;
let fonts: { regular: ParsedFont; bold: ParsedFont } | undefined;
export function loadFonts() {
  const parse = (file: string) => fontkit.create(readFileSync(path.join(FONT_DIR, file))) as unknown as ParsedFont;
  fonts ??= { regular: parse('DejaVuSans.ttf'), bold: parse('DejaVuSans-Bold.ttf') };
  return fonts;
}

/** The whole PDF in memory: sent only once complete, so no response stops half-way. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** "5 mars 2026", in Brest time (platform/day.ts). */
export const dateFr = { format: (d: Date) => formatDate(d, 'fr') };
export const LEVEL_WORDS = { seul: 'sans aide', 'avec-aide': 'avec de l’aide' } as const;
/** A last guard: the schema limits lengths already, the layout must never overflow. */
export const clip = (s: string, max: number) => ([...s].length > max ? [...s].slice(0, max - 1).join('') + '…' : s);

export const INK = '#1a1a1a';
export const BRAND = '#0b4f8a';
export const ALERT = '#a4161a';
