/**
 * The certificate as a one-page A4 PDF (PDFKit). Plain data in, a Buffer out: the
 * route sends it whole, so an error can never cut a response in the middle.
 * The fonts are embedded as subsets: every accent, apostrophe and hyphen of a French
 * name has its glyph. The document is tagged (headings, paragraphs, lists, figures
 * with alt text), in French, and shows its title, for screen readers.
 *
 * Each certificate keeps the layout it was issued with, so its file never changes:
 * layout 3 (layout 2 in French typography), layout 2 (certificate-pdf-v2.ts: the
 * organisation, the CRCN areas, the legend, the signatory), layout 1 before it
 * (certificate-pdf-v1.ts, frozen).
 */
import PDFDocument from 'pdfkit';
import { logoBySha256 } from '../sites/index.js';
import { collect, loadFonts } from './certificate-pdf-kit.js';
import { pdfData, type CertificatePdfData, type PdfSource } from './certificate-pdf-data.js';
import { renderLayout1 } from './certificate-pdf-v1.js';
import { renderLayout2, renderLayout2Batch } from './certificate-pdf-v2.js';

export { FONT_DIR } from './certificate-pdf-kit.js';
export type { CertificatePdfData } from './certificate-pdf-data.js';

/** The layout new certificates are issued with. */
export const CURRENT_LAYOUT = 3;

export async function renderCertificatePdf(d: CertificatePdfData): Promise<Buffer> {
  return (d.layout ?? 1) >= 2 ? renderLayout2(d) : renderLayout1(d);
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

/** The PDF of a certificate, with the logo it was issued with. */
export async function certificatePdfOf(
  c: PdfSource,
  leaderName: string,
  credentials?: CertificatePdfData['credentials'],
): Promise<Buffer> {
  const sha = c.issuer?.logoSha256;
  const logo = sha && (c.layout ?? 1) >= 2 ? await logoBySha256(sha) : null;
  return renderCertificatePdf({ ...pdfData(c, leaderName), logo: logo?.data ?? null, credentials });
}

/**
 * Several certificates in one PDF to print, one per page, each with its logo. Drawn in
 * the current layout (layout 1 certificates included): a print, not the files issued.
 */
export async function certificatesPrintPdf(
  all: readonly (PdfSource & { issuedByName: string })[],
  by: string,
  now: Date,
): Promise<Buffer> {
  const data = await Promise.all(
    all.map(async (c) => {
      const sha = c.issuer?.logoSha256;
      const logo = sha ? await logoBySha256(sha) : null;
      return { ...pdfData(c, c.issuedByName), layout: CURRENT_LAYOUT, logo: logo?.data ?? null };
    }),
  );
  return renderLayout2Batch(data, { title: 'Attestations de compétences numériques', author: by, date: now });
}
