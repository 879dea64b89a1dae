/**
 * The signed credentials inside the certificate's PDF, as attached files: the same bytes
 * as the downloads. Dated by the issue, so the PDF stays the same file while its key signs.
 */
export interface CredentialFile {
  name: string;
  body: string;
  type: string;
  description: string;
}

export function attachCredentials(doc: PDFKit.PDFDocument, files: readonly CredentialFile[], issuedAt: Date): void {
  for (const f of files) {
    doc.file(Buffer.from(f.body, 'utf8'), {
      name: f.name,
      type: f.type,
      description: f.description,
      creationDate: issuedAt,
      modifiedDate: issuedAt,
    });
  }
}
