/**
 * Login cards on A4 (PDFKit): six cards per page (two columns, three rows, dashed lines to
 * cut along), one per resident: the space, the name, the username, the one-time code and
 * until when it works, where to type it, the space's address and opening hours.
 */
import { formatDate } from '../../platform/day.js';
import { printedPaper } from '../../platform/pdf.js';

export interface LoginCard {
  name: string;
  username: string;
  code: string;
  expiresAt: Date;
}

export interface CardPlace {
  siteName: string;
  address: string;
  openingHours: string;
  /** The address of the first-login page, e.g. https://numerique.example.fr/premiere-connexion. */
  firstLoginUrl: string;
}

const COLUMNS = 2;
const ROWS = 3;
const MARGIN = 28;

export async function renderLoginCards(cards: readonly LoginCard[], place: CardPlace): Promise<Buffer> {
  const { doc, done } = printedPaper(cards.length === 1 ? `Carte de connexion — ${cards[0]!.name}` : 'Cartes de connexion', {
    margin: MARGIN,
  });
  const width = (doc.page.width - 2 * MARGIN) / COLUMNS;
  const height = (doc.page.height - 2 * MARGIN) / ROWS;
  cards.forEach((card, i) => {
    const slot = i % (COLUMNS * ROWS);
    if (i > 0 && slot === 0) doc.addPage();
    const x = MARGIN + (slot % COLUMNS) * width;
    const y = MARGIN + Math.floor(slot / COLUMNS) * height;
    doc.save().dash(4, { space: 4 }).strokeColor('#888888').rect(x, y, width, height).stroke().restore();
    drawCard(doc, card, place, x + 14, y + 12, width - 28);
  });
  doc.end();
  return done;
}

function drawCard(doc: PDFKit.PDFDocument, card: LoginCard, place: CardPlace, x: number, y: number, w: number) {
  const opts = { width: w };
  doc.font('B').fontSize(9).fillColor('#0b4f8a').text(place.siteName, x, y, opts);
  doc.font('B').fontSize(12).fillColor('#1a1a1a').text('Carte de connexion', opts);
  doc.font('R').fontSize(10).text(card.name, opts).moveDown(0.4);
  doc.text('Identifiant :', opts);
  doc.font('B').fontSize(13).text(card.username, opts);
  doc.font('R').fontSize(10).text('Code, pour une seule fois :', opts);
  doc
    .font('B')
    .fontSize(13)
    .text(card.code, { ...opts, characterSpacing: 1 });
  doc
    .font('R')
    .fontSize(9)
    .text(`Valable jusqu’au ${formatDate(card.expiresAt, 'fr')}.`, opts)
    .moveDown(0.3);
  doc.text(`Sur ${place.firstLoginUrl}, écrivez l’identifiant et le code, puis choisissez votre mot de passe.`, opts);
  doc.moveDown(0.3);
  if (place.address) doc.fontSize(8).text(place.address, opts);
  if (place.openingHours) doc.fontSize(8).text(`Horaires : ${place.openingHours}`, opts);
}
