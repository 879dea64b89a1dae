/**
 * The certificate as a one-page A4 PDF (PDFKit). Plain data in, a Buffer out: the
 * route sends it whole, so an error can never cut a response in the middle.
 * The fonts (DejaVu Sans, shipped in assets/fonts with their licence) are read once
 * and embedded as subsets: every accent, apostrophe and hyphen of a French name has
 * its glyph. The document is tagged (headings, paragraphs, list, figure with alt
 * text), in French, and shows its title, for screen readers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { CertificateDoc } from './certificate.model.js';
import { verifyUrlOf } from './certificate-settings.js';
import { attachCredential } from './credential-attachment.js';
import QRCode from 'qrcode';

export interface CertificatePdfData {
  code: string;
  kind: 'module' | 'socle';
  title: string;
  holderName: string;
  siteName: string;
  leaderName: string;
  issuedAt: Date;
  skills: { title: string; level: 'avec-aide' | 'seul'; date: Date }[];
  status: 'valid' | 'revoked';
  revokedAt?: Date;
  /** Printed when the certificate recorded them (certificates issued before versions print neither). */
  rulesVersion?: number;
  validUntil?: Date;
  verifyUrl: string;
  /** The signed credential (credential.service.ts), attached to the PDF as a JSON file. */
  credential?: { name: string; json: string };
}

export const FONT_DIR = path.resolve(import.meta.dirname, '../../../assets/fonts');

// PDFKit takes an already parsed fontkit font (the same fontkit it uses). Parsing DejaVu
// Sans was most of the time of a certificate: parse it once per process, not per PDF.
type ParsedFont = PDFKit.Mixins.PDFFontSource;
let fonts: { regular: ParsedFont; bold: ParsedFont } | undefined;
function loadFonts() {
  const parse = (file: string) => fontkit.create(readFileSync(path.join(FONT_DIR, file))) as unknown as ParsedFont;
  fonts ??= { regular: parse('DejaVuSans.ttf'), bold: parse('DejaVuSans-Bold.ttf') };
  return fonts;
}

const dateFr = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const LEVEL_WORDS = { seul: 'sans aide', 'avec-aide': 'avec de l’aide' } as const;
/** A last guard: the schema limits lengths already, the layout must never overflow. */
const clip = (s: string, max: number) => ([...s].length > max ? [...s].slice(0, max - 1).join('') + '…' : s);

const INK = '#1a1a1a';
const BRAND = '#0b4f8a';
const ALERT = '#a4161a';

export async function renderCertificatePdf(d: CertificatePdfData): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const name = clip(d.holderName, 80);
  const title = clip(d.title, 120);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 48, left: 56, right: 56 },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    autoFirstPage: true,
    info: {
      Title: `Attestation de compétences numériques – ${name}`,
      Author: clip(d.siteName, 120) || 'Kérourien numérique',
      Subject: `${title} – code ${d.code}`,
      Creator: 'Kérourien numérique',
      // The issue date, not "now": the same certificate gives the same file.
      CreationDate: d.issuedAt,
      ModDate: d.issuedAt,
    },
  });
  const done = collect(doc);

  doc.registerFont('R', regular);
  doc.registerFont('B', bold);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const add = (type: string, draw: () => void) => {
    const el = doc.struct(type, {}, draw);
    root.add(el);
    el.end();
  };
  const para = (text: string, font: 'R' | 'B', size: number, color = INK, opts: PDFKit.Mixins.TextOptions = {}) =>
    add('P', () => {
      doc
        .font(font)
        .fontSize(size)
        .fillColor(color)
        .text(text, { width, ...opts });
    });

  // Decorative band: an artifact, skipped by screen readers.
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(0, 0, doc.page.width, 14).fill(BRAND);
  doc.endMarkedContent();

  if (d.status === 'revoked') {
    const when = d.revokedAt ? ` le ${dateFr.format(d.revokedAt)}` : '';
    para(`ATTENTION : cette attestation a été révoquée${when}. Elle n’est plus valable.`, 'B', 13, ALERT);
    doc.moveDown(0.5);
  }
  para(`Espace public multimédia · ${clip(d.siteName, 120)}`, 'R', 11, BRAND);
  doc.moveDown(0.4);
  add('H1', () => {
    doc.font('B').fontSize(22).fillColor(INK).text('Attestation de compétences numériques', { width });
  });
  doc.moveDown(0.2);
  para(d.kind === 'socle' ? `Socle : ${title}` : `Atelier : ${title}`, 'R', 14);
  doc.moveDown(0.8);
  para('Nous attestons que', 'R', 12);
  doc.moveDown(0.2);
  para(name, 'B', 24);
  doc.moveDown(0.4);
  para('a montré ces compétences devant l’équipe d’animation de l’espace :', 'R', 12);
  doc.moveDown(0.4);

  const small = d.skills.length > 10;
  const list = doc.struct('L');
  root.add(list);
  for (const s of d.skills) {
    const li = doc.struct('LI');
    list.add(li);
    const body = doc.struct('LBody', {}, () => {
      doc
        .font('R')
        .fontSize(small ? 10 : 12)
        .fillColor(INK)
        .text(`•  ${clip(s.title, 120)} : ${LEVEL_WORDS[s.level]} (le ${dateFr.format(s.date)})`, left + 8, undefined, {
          width: width - 8,
          indent: 0,
        });
    });
    li.add(body);
    body.end();
    li.end();
  }
  list.end();
  doc.x = left;
  doc.moveDown(1);

  para(`Espace : ${clip(d.siteName, 120)}`, 'R', 12);
  para(`Animateur ou animatrice : ${clip(d.leaderName, 80)}`, 'R', 12);
  para(`Date : ${dateFr.format(d.issuedAt)}`, 'R', 12);
  if (d.validUntil) para(`Valable jusqu’au ${dateFr.format(d.validUntil)}.`, 'R', 12);
  if (d.rulesVersion !== undefined) {
    para(`Règles de l’attestation : version ${d.rulesVersion}.`, 'R', 11);
  }
  doc.moveDown(1);

  // The verification block: code and address on the left, QR code on the right.
  const qrSize = 112;
  if (doc.y + qrSize + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  const textWidth = width - qrSize - 24;
  add('H2', () => {
    doc.font('B').fontSize(14).fillColor(INK).text('Vérifier cette attestation', left, top, { width: textWidth });
  });
  add('P', () => {
    doc.font('R').fontSize(11).text('Code de vérification :', { width: textWidth });
  });
  add('P', () => {
    doc.font('B').fontSize(18).text(d.code, { width: textWidth, characterSpacing: 1 });
  });
  add('P', () => {
    doc.font('R').fontSize(10).fillColor(BRAND).text(d.verifyUrl, { width: textWidth, link: d.verifyUrl, underline: true });
  });
  add('P', () => {
    doc
      .font('R')
      .fontSize(10)
      .fillColor(INK)
      .text('Scannez le QR code ou ouvrez cette adresse. La page dit si l’attestation est valable.', { width: textWidth });
  });
  const qr = QRCode.create(d.verifyUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = qrSize / n;
  const qx = left + width - qrSize;
  const figure = doc.struct('Figure', { alt: `QR code vers la page de vérification de l’attestation ${d.code}` }, () => {
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(qx + c * cell, top + r * cell, cell, cell);
    doc.fill(INK);
  });
  root.add(figure);
  figure.end();

  root.end();
  if (d.credential) attachCredential(doc, d.credential, d.issuedAt);
  doc.end();
  return done;
}

/** The whole PDF in memory: sent only once complete, so no response stops half-way. */
function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** The smallest PDF with the same fonts: the baseline of the benchmark. */
export async function renderTrivialPdf(text: string): Promise<Buffer> {
  const { regular } = loadFonts();
  const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date(0) } });
  const done = collect(doc);
  doc.registerFont('R', regular);
  doc.font('R').fontSize(12).text(text);
  doc.end();
  return done;
}

/** The data of a certificate's PDF, from its document and the issuing leader's name. */
export function pdfData(
  c: Pick<
    CertificateDoc,
    | 'code'
    | 'kind'
    | 'title'
    | 'holderName'
    | 'siteName'
    | 'issuedAt'
    | 'skills'
    | 'status'
    | 'revokedAt'
    | 'rulesVersion'
    | 'validUntil'
  >,
  leaderName: string,
) {
  return {
    code: c.code,
    kind: c.kind,
    title: c.title,
    holderName: c.holderName,
    siteName: c.siteName,
    leaderName,
    issuedAt: c.issuedAt,
    skills: c.skills.map((s) => ({ title: s.title, level: s.level, date: s.date })),
    status: c.status,
    revokedAt: c.revokedAt,
    rulesVersion: c.rulesVersion,
    validUntil: c.validUntil,
    verifyUrl: verifyUrlOf(c.code),
  };
}
