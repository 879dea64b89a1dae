/**
 * Layout 2 of the certificate PDF, section by section: the issuing organisation and its
 * logo, the holder's birth year, the skills by CRCN area with their codes, level and how
 * each was observed, a legend, who validated and who signs, what the certificate is not,
 * the check. The output of a certificate issued with it must stay the same file: change
 * the drawing only with a new layout number. Layout 3 is the same drawing with every
 * text in French typography (platform/typography.ts: non-breaking spaces, elision).
 */
import QRCode from 'qrcode';
import { CRCN_COMPETENCES } from '../curriculum/index.js';
import { ALERT, BRAND, clip, collect, dateFr, INK, LEVEL_WORDS, loadFonts } from './certificate-pdf-kit.js';
import { newDocument, pageOf, type Page } from './certificate-pdf-page.js';
import { METHOD_WORDS, NOT_A_CERTIFICATION, skillsByArea, type CertificatePdfData } from './certificate-pdf-data.js';
import { attachCredentials } from './credential-attachment.js';
import { formatShortDate } from '../../platform/day.js';
import { frenchTypography } from '../../platform/typography.js';

const shortDate = { format: formatShortDate };

/** The names as printed (clipped: the layout must never overflow). */
interface Names {
  name: string;
  title: string;
  site: string;
  orgName: string;
}

export async function renderLayout2(d: CertificatePdfData): Promise<Buffer> {
  const n = namesOf(d);
  const doc = newDocument({
    title: `Attestation de compétences numériques – ${n.name}`,
    author: n.orgName || n.site || 'Kérourien numérique',
    subject: `${n.title} – code ${d.code}`,
    date: d.issuedAt,
  });
  const done = collect(doc);
  const page = pageOf(doc, loadFonts(), (d.layout ?? 1) >= 3 ? frenchTypography : undefined);
  drawCertificate(page, d, n);
  page.root.end();
  if (d.credentials?.length) attachCredentials(doc, d.credentials, d.issuedAt);
  doc.end();
  return done;
}

/**
 * "Tout imprimer": several certificates of layout 2 or more in one PDF, one per page, to
 * print in one go (no signed files attached: the paper is the point). `info` names it.
 */
export async function renderLayout2Batch(
  all: readonly CertificatePdfData[],
  info: { title: string; author: string; date: Date },
): Promise<Buffer> {
  const doc = newDocument({ ...info, subject: info.title });
  const done = collect(doc);
  const page = pageOf(doc, loadFonts(), frenchTypography);
  all.forEach((d, i) => {
    if (i > 0) doc.addPage();
    drawCertificate(page, d, namesOf(d));
  });
  page.root.end();
  doc.end();
  return done;
}

function namesOf(d: CertificatePdfData): Names {
  return {
    name: clip(d.holderName, 80),
    title: clip(d.title, 120),
    site: clip(d.siteName, 120),
    orgName: clip(d.issuer?.legalName ?? '', 120),
  };
}

function drawCertificate(page: Page, d: CertificatePdfData, n: Names): void {
  const { doc } = page;
  // Decorative band: an artifact, skipped by screen readers.
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(0, 0, doc.page.width, 10).fill(BRAND);
  doc.endMarkedContent();
  doc.x = page.left;
  doc.y = doc.page.margins.top;

  drawOrganisation(page, d, n);
  drawNotices(page, d);
  drawHolder(page, d, n);
  drawSkills(page, d);
  drawLegend(page, d);
  drawSignatures(page, d, n);
  drawCheck(page, d);
}

function drawOrganisation({ doc, add, para, left, width }: Page, d: CertificatePdfData, n: Names): void {
  const issuer = d.issuer;
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
      { alt: `Logo de ${n.orgName || n.site}` },
    );
    textX = left + 108;
    logoBottom = headTop + 56;
  }
  const textW = width - (textX - left);
  doc.y = headTop;
  if (n.orgName) para(n.orgName, 'B', 11, INK, { x: textX, w: textW });
  para(`Espace public multimédia · ${n.site}`, n.orgName ? 'R' : 'B', n.orgName ? 9 : 11, BRAND, { x: textX, w: textW });
  if (issuer?.address) para(clip(issuer.address, 200), 'R', 9, INK, { x: textX, w: textW });
  const contact = [issuer?.phone ? `Tél. ${clip(issuer.phone, 30)}` : '', clip(issuer?.website ?? '', 120)].filter(Boolean);
  if (contact.length) para(contact.join(' · '), 'R', 9, INK, { x: textX, w: textW });
  doc.x = left;
  doc.y = Math.max(doc.y, logoBottom) + 8;
}

/** A demonstration certificate, a revoked one: said before anything else. */
function drawNotices({ doc, para }: Page, d: CertificatePdfData): void {
  if (d.issuer?.demo) {
    para('DÉMONSTRATION : attestation fictive, faite pour essayer l’application. Elle n’a aucune valeur.', 'B', 10, ALERT);
    doc.moveDown(0.3);
  }
  if (d.status === 'revoked') {
    const when = d.revokedAt ? ` le ${dateFr.format(d.revokedAt)}` : '';
    // One word for a withdrawn certificate from layout 3 on: "annulée", as on every page.
    const word = (d.layout ?? 1) >= 3 ? 'annulée' : 'révoquée';
    para(`ATTENTION : cette attestation a été ${word}${when}. Elle n’est plus valable.`, 'B', 12, ALERT);
    doc.moveDown(0.3);
  }
}

/** What it is and whose it is. */
function drawHolder({ doc, add, para, left, width, typeset }: Page, d: CertificatePdfData, n: Names): void {
  add('H1', () => {
    doc.font('B').fontSize(20).fillColor(INK).text(typeset('Attestation de compétences numériques'), left, undefined, { width });
  });
  para(d.kind === 'socle' ? `Socle : ${n.title}` : `Atelier : ${n.title}`, 'R', 12);
  doc.moveDown(0.5);
  para('Délivrée à', 'R', 10);
  para(n.name, 'B', 18);
  if (d.holderBirthYear) para(`Année de naissance : ${d.holderBirthYear}`, 'R', 10);
  doc.moveDown(0.4);
  para(
    'Cette personne a montré ces compétences devant l’équipe d’animation. Elles sont classées selon le cadre de référence des compétences numériques (CRCN, celui de Pix) :',
    'R',
    9.5,
  );
  doc.moveDown(0.3);
}

/** The skills, by CRCN area: code, then the skill; a wrapped line starts under the skill. */
function drawSkills({ doc, root, add, left, width, typeset }: Page, d: CertificatePdfData): void {
  const many = d.skills.length > 14;
  const size = many ? 8.5 : 10;
  const codeW = 30;
  for (const group of skillsByArea(d.skills)) {
    add('H2', () => {
      doc
        .font('B')
        .fontSize(size + 0.5)
        .fillColor(BRAND)
        .text(typeset(group.name), left, doc.y + (many ? 2 : 4), { width });
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
          .text(typeset(`${clip(s.title, 120)} : ${how.join(', ')}`), left + 6 + codeW, y, {
            width: width - 6 - codeW,
            lineGap: 0.5,
          });
      });
      li.add(body);
      body.end();
      li.end();
    }
    list.end();
  }
  doc.x = left;
  doc.moveDown(0.5);
}

/** How to read it: the levels, the ways of observing, the CRCN codes printed. */
function drawLegend({ doc, add, para, left, width, typeset }: Page, d: CertificatePdfData): void {
  add('H2', () => {
    doc.font('B').fontSize(8.5).fillColor(INK).text(typeset('Comment lire cette attestation'), left, undefined, { width });
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
}

/** Dates, rules, who validated, who signs. */
function drawSignatures({ doc, para, left, width }: Page, d: CertificatePdfData, n: Names): void {
  const issuer = d.issuer;
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
    para(`Pour ${n.orgName || n.site}`, 'R', 8.5, INK, { x, w: colW });
    para(clip(issuer.signatoryName, 80), 'B', 10, INK, { x, w: colW });
    if (issuer.signatoryRole) para(clip(issuer.signatoryRole, 80), 'R', 8.5, INK, { x, w: colW });
    signBottom = Math.max(signBottom, doc.y);
  }
  doc.x = left;
  doc.y = signBottom + 8;
}

/** What it is not, and the check: text on the left, QR code on the right, at the foot. */
function drawCheck({ doc, root, add, para, left, width, bottom, typeset }: Page, d: CertificatePdfData): void {
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
      .text(typeset(`Vérifier cette attestation : ${d.code}`), left, undefined, { width: textWidth });
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
  const cells = qr.modules.size;
  const cell = qrSize / cells;
  const qx = left + width - qrSize;
  const figure = doc.struct('Figure', { alt: `QR code vers la page de vérification de l’attestation ${d.code}` }, () => {
    for (let r = 0; r < cells; r++)
      for (let c = 0; c < cells; c++) if (qr.modules.get(r, c)) doc.rect(qx + c * cell, top + r * cell, cell, cell);
    doc.fill(INK);
  });
  root.add(figure);
  figure.end();
}
