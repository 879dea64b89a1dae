/**
 * What every PDF of the app shares: the fonts (DejaVu Sans, shipped in assets/fonts with
 * their licence, parsed once per process), the buffer collector, and a plain A4 document
 * in French for the printed papers (letters, cards, booklets).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export const FONT_DIR = path.resolve(import.meta.dirname, '../../assets/fonts');

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

/**
 * An A4 document in French with the fonts registered as 'R' and 'B', and the promise of
 * its bytes: draw, call `doc.end()`, await `done`.
 */
export function printedPaper(title: string, opts: { margin?: number } = {}) {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: opts.margin ?? 56,
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: title, CreationDate: new Date(0) },
  });
  const done = collect(doc);
  doc.registerFont('R', regular);
  doc.registerFont('B', bold);
  doc.font('R');
  return { doc, done };
}
