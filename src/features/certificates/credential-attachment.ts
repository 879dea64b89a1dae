/**
 * The signed credential inside the certificate's PDF, as an attached file: the same
 * bytes as the `.json` download. Dated by the issue, so the PDF stays the same file.
 */
export function attachCredential(doc: PDFKit.PDFDocument, credential: { name: string; json: string }, issuedAt: Date): void {
  doc.file(Buffer.from(credential.json, 'utf8'), {
    name: credential.name,
    type: 'application/json',
    description: 'Attestation signée (Open Badges 3.0)',
    creationDate: issuedAt,
    modifiedDate: issuedAt,
  });
}
