/**
 * The data a certificate's PDF prints, from its document: plain values, no database.
 * Both layouts read it (layout 1 ignores what it does not print).
 */
import { CRCN_AREAS } from '../curriculum/index.js';
import type { CertificateDoc, IssuerDoc } from './certificate.types.js';
import { verifyUrlOf } from './certificate-settings.js';
import type { CredentialFile } from './credential-attachment.js';

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
  /** The signed credentials (credential-files.service.ts), attached to a layout 2 PDF. */
  credentials?: readonly CredentialFile[];
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

export type PdfSource = Pick<
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
