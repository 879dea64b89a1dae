/**
 * The certificate as a one-page A4 PDF (PDFKit). Plain data in, a Buffer out: the
 * route sends it whole, so an error can never cut a response in the middle.
 * The fonts are embedded as subsets: every accent, apostrophe and hyphen of a French
 * name has its glyph. The document is tagged (headings, paragraphs, lists, figures
 * with alt text), in French, and shows its title, for screen readers.
 *
 * Layout 2 (this file): the issuing organisation and its logo, the holder's birth year,
 * the skills by CRCN area with their codes, level and how each was observed, a legend,
 * who validated and who signs, what the certificate is not, the check. Certificates
 * issued before it keep layout 1 (certificate-pdf-v1.ts), so their file never changes.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { CRCN_AREAS, CRCN_COMPETENCES } from '../curriculum/index.js';
import { logoBySha256 } from '../sites/index.js';
import type { CertificateDoc, IssuerDoc } from './certificate.types.js';
import { ALERT, BRAND, clip, collect, dateFr, INK, LEVEL_WORDS, loadFonts } from './certificate-pdf-kit.js';
import { formatShortDate } from '../../platform/day.js';
import { renderLayout1 } from './certificate-pdf-v1.js';
import { verifyUrlOf } from './certificate-settings.js';
import { attachCredential } from './credential-attachment.js';

export { FONT_DIR } from './certificate-pdf-kit.js';

/** The layout new certificates are issued with. */
export const CURRENT_LAYOUT = 2;

export interface CertificatePdfData {
  /** 1 (or absent): the layout of certificates issued before the organisation was printed. */
  layout?: number;
  code: string;
  kind: 'module' | 'socle';
  title: string;
  holderName: string;
  holderBirthYear?: number;
  siteName: string;
  leaderName: string;
  issuedAt: Date;
  skills: { title: string; crcn?: string; level: 'avec-aide' | 'seul'; method?: string; date: Date }[];
  status: 'valid' | 'revoked';
  revokedAt?: Date;
  /** Printed when the certificate recorded them (certificates issued before versions print neither). */
  rulesVersion?: number;
  validUntil?: Date;
  verifyUrl: string;
  issuer?: IssuerDoc;
  /** The issuer's logo (PNG or JPEG), read by the caller. */
  logo?: Buffer | null;
  /** The signed credential (credential.service.ts), attached to a layout 2 PDF as a JSON file. */
  credential?: { name: string; json: string };
}

/** How a skill was observed, as printed (the validation methods of progress/). */
export const METHOD_WORDS: Readonly<Record<string, string>> = {
  atelier: 'vu en atelier',
  'mise-en-pratique': 'mise en pratique',
  entretien: 'entretien',
  'resultats-exercices': 'résultats des exercices',
};

export const NOT_A_CERTIFICATION =
  'Cette attestation décrit des compétences observées par l’espace multimédia. Ce n’est pas une certification professionnelle. ' +
  'Pour aller plus loin : la certification Pix (pix.fr) ou le certificat CléA numérique (certificat-clea.fr).';

const shortDate = { format: formatShortDate };

/** The skills by CRCN area (1 to 5, then those without a code), by code within an area. */
export function skillsByArea(skills: CertificatePdfData['skills']) {
  const areaOf = (crcn?: string) => (crcn && CRCN_AREAS[crcn.split('.')[0]!] ? crcn.split('.')[0]! : '');
  const areas = [...new Set(skills.map((s) => areaOf(s.crcn)))].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
  );
  return areas.map((area) => ({
    area,
    name: area ? `Domaine ${area} · ${CRCN_AREAS[area]}` : 'Autres compétences',
    skills: skills
      .filter((s) => areaOf(s.crcn) === area)
      .map((s, i) => ({ s, i }))
      .sort((x, y) => (x.s.crcn ?? '').localeCompare(y.s.crcn ?? '', 'fr', { numeric: true }) || x.i - y.i)
      .map((x) => x.s),
  }));
}

export async function renderCertificatePdf(d: CertificatePdfData): Promise<Buffer> {
  return (d.layout ?? 1) >= 2 ? renderLayout2(d) : renderLayout1(d);
}

async function renderLayout2(d: CertificatePdfData): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const name = clip(d.holderName, 80);
  const title = clip(d.title, 120);
  const site = clip(d.siteName, 120);
  const issuer = d.issuer;
  const orgName = clip(issuer?.legalName ?? '', 120);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 36, bottom: 30, left: 48, right: 48 },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    autoFirstPage: true,
    info: {
      Title: `Attestation de compétences numériques – ${name}`,
      Author: orgName || site || 'Kérourien numérique',
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
  const bottom = doc.page.height - doc.page.margins.bottom;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const add = (type: string, draw: () => void, opts: { alt?: string } = {}) => {
    const el = doc.struct(type, opts, draw);
    root.add(el);
    el.end();
  };
  const para = (
    text: string,
    font: 'R' | 'B',
    size: number,
    color = INK,
    opts: PDFKit.Mixins.TextOptions & { x?: number; w?: number } = {},
  ) =>
    add('P', () => {
      const { x = left, w = width, ...rest } = opts;
      doc
        .font(font)
        .fontSize(size)
        .fillColor(color)
        .text(text, x, undefined, { width: w, ...rest });
    });

  // Decorative band: an artifact, skipped by screen readers.
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(0, 0, doc.page.width, 10).fill(BRAND);
  doc.endMarkedContent();

  // ---- the issuing organisation, its logo on the left ----
  const headTop = doc.page.margins.top - 8;
  let textX = left;
  let logoBottom = headTop;
  if (d.logo) {
    const logo = d.logo;
    add(
      'Figure',
      () => {
        doc.image(logo, left, headTop, { fit: [96, 56] });
      },
      { alt: `Logo de ${orgName || site}` },
    );
    textX = left + 108;
    logoBottom = headTop + 56;
  }
  const textW = width - (textX - left);
  doc.y = headTop;
  if (orgName) para(orgName, 'B', 11, INK, { x: textX, w: textW });
  para(`Espace public multimédia · ${site}`, orgName ? 'R' : 'B', orgName ? 9 : 11, BRAND, { x: textX, w: textW });
  if (issuer?.address) para(clip(issuer.address, 200), 'R', 9, INK, { x: textX, w: textW });
  const contact = [issuer?.phone ? `Tél. ${clip(issuer.phone, 30)}` : '', clip(issuer?.website ?? '', 120)].filter(Boolean);
  if (contact.length) para(contact.join(' · '), 'R', 9, INK, { x: textX, w: textW });
  doc.x = left;
  doc.y = Math.max(doc.y, logoBottom) + 8;

  if (issuer?.demo) {
    para('DÉMONSTRATION : attestation fictive, faite pour essayer l’application. Elle n’a aucune valeur.', 'B', 10, ALERT);
    doc.moveDown(0.3);
  }
  if (d.status === 'revoked') {
    const when = d.revokedAt ? ` le ${dateFr.format(d.revokedAt)}` : '';
    para(`ATTENTION : cette attestation a été révoquée${when}. Elle n’est plus valable.`, 'B', 12, ALERT);
    doc.moveDown(0.3);
  }

  // ---- what it is and whose it is ----
  add('H1', () => {
    doc.font('B').fontSize(20).fillColor(INK).text('Attestation de compétences numériques', left, undefined, { width });
  });
  para(d.kind === 'socle' ? `Socle : ${title}` : `Atelier : ${title}`, 'R', 12);
  doc.moveDown(0.5);
  para('Délivrée à', 'R', 10);
  para(name, 'B', 18);
  if (d.holderBirthYear) para(`Année de naissance : ${d.holderBirthYear}`, 'R', 10);
  doc.moveDown(0.4);
  para(
    'Cette personne a montré ces compétences devant l’équipe d’animation. Elles sont classées selon le cadre de référence des compétences numériques (CRCN, celui de Pix) :',
    'R',
    9.5,
  );
  doc.moveDown(0.3);

  // ---- the skills, by CRCN area: code, then the skill; a wrapped line starts under the skill ----
  const many = d.skills.length > 14;
  const size = many ? 8.5 : 10;
  const codeW = 30;
  for (const group of skillsByArea(d.skills)) {
    add('H2', () => {
      doc
        .font('B')
        .fontSize(size + 0.5)
        .fillColor(BRAND)
        .text(group.name, left, doc.y + (many ? 2 : 4), { width });
    });
    const list = doc.struct('L');
    root.add(list);
    for (const s of group.skills) {
      const li = doc.struct('LI');
      list.add(li);
      const y = doc.y;
      const label = doc.struct('Lbl', {}, () => {
        doc
          .font('B')
          .fontSize(size)
          .fillColor(INK)
          .text(s.crcn || '–', left + 6, y, { width: codeW, lineBreak: false });
      });
      li.add(label);
      label.end();
      const how = [LEVEL_WORDS[s.level], METHOD_WORDS[s.method ?? ''] ?? '', `le ${shortDate.format(s.date)}`].filter(Boolean);
      const body = doc.struct('LBody', {}, () => {
        doc
          .font('R')
          .fontSize(size)
          .fillColor(INK)
          .text(`${clip(s.title, 120)} : ${how.join(', ')}`, left + 6 + codeW, y, { width: width - 6 - codeW, lineGap: 0.5 });
      });
      li.add(body);
      body.end();
      li.end();
    }
    list.end();
  }
  doc.x = left;
  doc.moveDown(0.5);

  // ---- the legend ----
  add('H2', () => {
    doc.font('B').fontSize(8.5).fillColor(INK).text('Comment lire cette attestation', left, undefined, { width });
  });
  const competences = [...new Set(d.skills.map((s) => s.crcn).filter((c): c is string => Boolean(c && CRCN_COMPETENCES[c])))]
    .sort((a, b) => a.localeCompare(b, 'fr', { numeric: true }))
    .map((c) => `${c} ${CRCN_COMPETENCES[c]}`);
  for (const line of [
    'Niveaux. Sans aide : la personne a fait le geste seule. Avec de l’aide : elle l’a fait avec quelqu’un à côté d’elle.',
    'Observation. Vu en atelier : pendant une séance en groupe. Mise en pratique : pendant une séance individuelle. Entretien : la personne a expliqué comment elle fait. Résultats des exercices : exercices réussis sur la plateforme.',
    ...(competences.length ? [`Codes CRCN : ${competences.join(' ; ')}.`] : []),
  ])
    para(line, 'R', 7.5, INK, { lineGap: 0 });
  doc.moveDown(0.5);

  // ---- dates, rules, who validated, who signs ----
  const facts = [`Délivrée le ${dateFr.format(d.issuedAt)}.`];
  if (d.validUntil) facts.push(`Valable jusqu’au ${dateFr.format(d.validUntil)}.`);
  if (d.rulesVersion !== undefined) facts.push(`Règles de l’attestation : version ${d.rulesVersion}.`);
  para(facts.join(' '), 'R', 9.5);
  doc.moveDown(0.4);
  const signTop = doc.y;
  const colW = (width - 24) / 2;
  para('Compétences validées par', 'R', 8.5, INK, { w: colW });
  para(clip(d.leaderName, 80), 'B', 10, INK, { w: colW });
  para('Animateur ou animatrice de l’espace', 'R', 8.5, INK, { w: colW });
  let signBottom = doc.y;
  if (issuer?.signatoryName) {
    doc.y = signTop;
    const x = left + colW + 24;
    para(`Pour ${orgName || site}`, 'R', 8.5, INK, { x, w: colW });
    para(clip(issuer.signatoryName, 80), 'B', 10, INK, { x, w: colW });
    if (issuer.signatoryRole) para(clip(issuer.signatoryRole, 80), 'R', 8.5, INK, { x, w: colW });
    signBottom = Math.max(signBottom, doc.y);
  }
  doc.x = left;
  doc.y = signBottom + 8;

  // ---- what it is not, and the check: text on the left, QR code on the right, at the foot ----
  const qrSize = 84;
  const blockH = qrSize + 4;
  const top = Math.max(doc.y, bottom - blockH);
  const textWidth = width - qrSize - 18;
  doc.y = top;
  para(NOT_A_CERTIFICATION, 'R', 8, INK, { w: textWidth });
  doc.moveDown(0.3);
  add('H2', () => {
    doc
      .font('B')
      .fontSize(10)
      .fillColor(INK)
      .text(`Vérifier cette attestation : ${d.code}`, left, undefined, { width: textWidth });
  });
  add('P', () => {
    doc
      .font('R')
      .fontSize(9)
      .fillColor(BRAND)
      .text(d.verifyUrl, left, undefined, { width: textWidth, link: d.verifyUrl, underline: true });
  });
  para('Scannez le QR code ou ouvrez cette adresse : la page dit si l’attestation est valable.', 'R', 8, INK, { w: textWidth });
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

type PdfSource = Pick<
  CertificateDoc,
  | 'code'
  | 'kind'
  | 'title'
  | 'holderName'
  | 'holderBirthYear'
  | 'siteName'
  | 'issuedAt'
  | 'skills'
  | 'status'
  | 'revokedAt'
  | 'rulesVersion'
  | 'validUntil'
  | 'issuer'
  | 'layout'
>;

/** The data of a certificate's PDF, from its document and the issuing leader's name (no logo). */
export function pdfData(c: PdfSource, leaderName: string): CertificatePdfData {
  return {
    layout: c.layout,
    code: c.code,
    kind: c.kind,
    title: c.title,
    holderName: c.holderName,
    holderBirthYear: c.holderBirthYear,
    siteName: c.siteName,
    leaderName,
    issuedAt: c.issuedAt,
    skills: c.skills.map((s) => ({ title: s.title, crcn: s.crcn, level: s.level, method: s.method, date: s.date })),
    status: c.status,
    revokedAt: c.revokedAt,
    rulesVersion: c.rulesVersion,
    validUntil: c.validUntil,
    verifyUrl: verifyUrlOf(c.code),
    issuer: c.issuer,
  };
}

/** The PDF of a certificate, with the logo it was issued with. */
export async function certificatePdfOf(
  c: PdfSource,
  leaderName: string,
  credential?: CertificatePdfData['credential'],
): Promise<Buffer> {
  const sha = c.issuer?.logoSha256;
  const logo = sha && (c.layout ?? 1) >= 2 ? await logoBySha256(sha) : null;
  return renderCertificatePdf({ ...pdfData(c, leaderName), logo: logo?.data ?? null, credential });
}
