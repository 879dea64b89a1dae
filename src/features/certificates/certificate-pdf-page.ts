/**
 * The tagged page of layout 2: the document, its structure root, and the two ways its
 * sections write (a tagged element, a tagged paragraph). Shared by the sections of
 * certificate-pdf-v2.ts; layout 1 (frozen) has its own.
 */
import PDFDocument from 'pdfkit';
import { INK } from './certificate-pdf-kit.js';

export type Font = 'R' | 'B';
export type ParaOptions = PDFKit.Mixins.TextOptions & { x?: number; w?: number };

export interface Page {
  doc: PDFKit.PDFDocument;
  root: PDFKit.PDFStructureElement;
  left: number;
  width: number;
  bottom: number;
  /** One tagged element (a heading, a figure…) drawn by `draw`. */
  add(type: string, draw: () => void, opts?: { alt?: string }): void;
  /** One tagged paragraph of text, at `x` (default: the left margin), `w` wide. */
  para(text: string, font: Font, size: number, color?: string, opts?: ParaOptions): void;
  /** The text as the layout prints it (layout 3: French typography; before: as given). */
  typeset(text: string): string;
}

/** A4, tagged, in French, its metadata dated by the issue: the same certificate gives the same file. */
export function newDocument(info: { title: string; author: string; subject: string; date: Date }): PDFKit.PDFDocument {
  return new PDFDocument({
    size: 'A4',
    margins: { top: 36, bottom: 30, left: 48, right: 48 },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    autoFirstPage: true,
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      Creator: 'Kérourien numérique',
      // The issue date, not "now": the same certificate gives the same file.
      CreationDate: info.date,
      ModDate: info.date,
    },
  });
}

export function pageOf(
  doc: PDFKit.PDFDocument,
  fonts: { regular: PDFKit.Mixins.PDFFontSource; bold: PDFKit.Mixins.PDFFontSource },
  typeset: (text: string) => string = (text) => text,
): Page {
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
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
  const para = (text: string, font: Font, size: number, color = INK, opts: ParaOptions = {}) =>
    add('P', () => {
      const { x = left, w = width, ...rest } = opts;
      doc
        .font(font)
        .fontSize(size)
        .fillColor(color)
        .text(typeset(text), x, undefined, { width: w, ...rest });
    });
  return { doc, root, left, width, bottom, add, para, typeset };
}
