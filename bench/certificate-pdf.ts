/**
 * How long one certificate PDF takes to build, against baselines built in the same run:
 * a one-line A4 PDF with the same embedded font, with the font given as the file's
 * bytes (parsed by PDFKit for every document, as the app does) and given as a font
 * PDFKit parsed once. PDFKit 0.20 accepts an already parsed fontkit font in
 * registerFont (`PDFFontFactory.open` keeps any object with a `layout` function), so the
 * font can be parsed once per process; the second baseline measures what that saves.
 * Used by certificate-pdf.bench.ts and by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import {
  FONT_DIR,
  renderCertificatePdf,
  renderTrivialPdf,
  type CertificatePdfData,
} from '../src/features/certificates/certificate-pdf.js';

const data = (i: number): CertificatePdfData => ({
  layout: 2,
  code: 'KRN-7QX4-M9TB',
  kind: 'socle',
  title: 'Compétences numériques de base',
  holderName: `Marie-Hélène Le Guérec ${i}`,
  siteName: 'Kérourien (démo)',
  leaderName: 'Yann Animateur (démo)',
  issuedAt: new Date('2026-03-01T10:00:00Z'),
  holderBirthYear: 1956,
  // The socle's 24 skills: the largest certificate the content makes today.
  skills: Array.from({ length: 24 }, (_, k) => ({
    title: `Compétence numéro ${k + 1} : envoyer une pièce jointe à l’employeur`,
    crcn: `${(k % 5) + 1}.1`,
    level: k % 2 ? ('seul' as const) : ('avec-aide' as const),
    method: k % 2 ? 'atelier' : 'mise-en-pratique',
    date: new Date('2026-02-20T12:00:00Z'),
  })),
  issuer: {
    legalName: 'Démonstration — Centre social de Kérourien (fictif)',
    address: '1 rue fictive, 29200 Brest',
    phone: '02 00 00 00 00',
    website: 'https://demo.example',
    signatoryName: 'Anne Démo',
    signatoryRole: 'Directrice',
    demo: true,
  },
  status: 'valid',
  verifyUrl: 'https://competences.example.fr/verifier/KRN-7QX4-M9TB',
});

export interface PdfTiming {
  label: string;
  median: number;
  p95: number;
  bytes: number;
}

async function measure(label: string, n: number, run: (i: number) => Promise<Buffer>): Promise<PdfTiming> {
  for (let i = 0; i < 10; i++) await run(i); // warm-up: fonts read, JIT
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    bytes = (await run(i)).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { label, median: pick(0.5), p95: pick(0.95), bytes };
}

/** DejaVu Sans parsed once, by PDFKit itself (its fontkit), to hand to later documents. */
function parsedFont(): unknown {
  const doc = new PDFDocument();
  doc.registerFont('R', readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')));
  doc.font('R');
  return (doc as unknown as { _font: { font: unknown } })._font.font;
}

function trivialWithParsedFont(font: unknown, text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('R', font as Buffer);
  doc.font('R').fontSize(12).text(text);
  doc.end();
  return done;
}

export async function measureCertificatePdf(n: number) {
  const font = parsedFont();
  const baseline = await measure('baseline: one-line A4 PDF, same font', n, (i) => renderTrivialPdf(`Bonjour ${i}`));
  const parsedOnce = await measure('same, font parsed once for all documents', n, (i) =>
    trivialWithParsedFont(font, `Bonjour ${i}`),
  );
  const certificate = await measure('certificate: A4, 24 skills by CRCN area, legend, QR code, tagged', n, (i) => renderCertificatePdf(data(i)));
  return { baseline, parsedOnce, certificate, ratio: certificate.median / baseline.median };
}
