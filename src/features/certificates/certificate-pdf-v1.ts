/**
 * Layout 1 of the certificate PDF: the one certificates were issued with before the
 * issuing organisation, the CRCN codes and the legend were printed. Frozen: the PDF of
 * such a certificate must stay the very file it was at issue (its `pdfSha256`), so
 * this code is never changed, only removed once no such certificate is kept.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { ALERT, BRAND, clip, collect, dateFr, INK, LEVEL_WORDS, loadFonts } from './certificate-pdf-kit.js';

export interface CertificatePdfDataV1 {
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
  rulesVersion?: number;
  validUntil?: Date;
  verifyUrl: string;
}

export async function renderLayout1(d: CertificatePdfDataV1): Promise<Buffer> {
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
  doc.end();
  return done;
}
