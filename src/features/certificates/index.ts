// Placeholder until the certificates feature lands: the support record imports this.
// TODO(certificates): replace with the real service export.
export interface CertificateSummary {
  id: string;
  code: string;
  title: string;
  issuedAt: Date;
  status: 'valid' | 'revoked';
  revokedAt?: Date;
  pdfUrl: string;
}

export async function listCertificatesForUser(_userId: string): Promise<CertificateSummary[]> {
  return [];
}
