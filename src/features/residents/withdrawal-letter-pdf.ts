/**
 * The withdrawal letter of a contract, filled from a legal-advice entry: the model form
 * of the Code de la consommation (annex to article R221-1), on one A4 page, for the
 * resident to sign and send by registered letter before the deadline.
 */
import { formatDate } from '../../platform/day.js';
import { printedPaper } from '../../platform/pdf.js';

export interface WithdrawalLetter {
  operator: string;
  operatorAddress: string;
  contractKind: 'service' | 'bien';
  signedOn: Date;
  deliveredOn: Date | null;
  deadline: string | null;
  name: string;
  address: string;
}

const day = (d: Date | string) => formatDate(d, 'fr');

export async function renderWithdrawalLetter(l: WithdrawalLetter): Promise<Buffer> {
  const { doc, done } = printedPaper(`Lettre de rétractation — ${l.operator}`);
  const line = (text: string, opts: PDFKit.Mixins.TextOptions = {}) => doc.text(text, opts);
  doc.fontSize(11);
  line(l.name);
  if (l.address) line(l.address);
  doc.moveDown(2);
  line(`À l’attention de : ${l.operator}`, { align: 'right' });
  if (l.operatorAddress) line(l.operatorAddress, { align: 'right' });
  doc.moveDown(2);
  doc.font('B').text('Objet : rétractation d’un contrat');
  doc.font('R').text('Lettre recommandée avec avis de réception');
  doc.moveDown();
  line('Madame, Monsieur,');
  doc.moveDown(0.5);
  line(
    l.contractKind === 'bien'
      ? 'Je vous notifie par la présente ma rétractation du contrat portant sur la vente du bien ci-dessous.'
      : 'Je vous notifie par la présente ma rétractation du contrat portant sur la prestation de services ci-dessous.',
  );
  doc.moveDown(0.5);
  line(`Commandé le : ${day(l.signedOn)}`);
  if (l.contractKind === 'bien') line(`Reçu le : ${l.deliveredOn ? day(l.deliveredOn) : '……………………'}`);
  line(`Nom du consommateur : ${l.name}`);
  line(`Adresse du consommateur : ${l.address.replace(/\n/g, ', ') || '……………………'}`);
  doc.moveDown(2);
  line('Date : ……………………        Signature :');
  doc.moveDown(4);
  doc.fontSize(9);
  if (l.deadline) line(`À envoyer au plus tard le ${day(l.deadline)}, cachet de la poste faisant foi.`);
  line(
    'Délai de 14 jours, à partir de la signature pour un service, de la réception pour un bien ; ' +
      'reporté au premier jour ouvrable s’il finit un samedi, un dimanche ou un jour férié ' +
      '(Code de la consommation, articles L221-18 et L221-19). Gardez une copie de la lettre et la preuve d’envoi.',
  );
  doc.end();
  return done;
}
