/** What a certificate document holds (certificate.model.ts stores it), and its length limits. */
import type mongoose from 'mongoose';

export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/** Length limits shared by the forms, the schema and the PDF layout. */
export const LIMITS = { name: 80, title: 120, reason: 300, site: 120 } as const;

export interface SkillSnapshotDoc {
  skillId: string;
  title: string;
  crcn?: string;
  level: 'avec-aide' | 'seul';
  method: string;
  date: Date;
  byName: string;
  session?: mongoose.Types.ObjectId;
}

export interface IssuerDoc {
  legalName: string;
  address: string;
  phone: string;
  website: string;
  signatoryName: string;
  signatoryRole: string;
  logoSha256?: string;
  demo: boolean;
}

export interface CertificateDoc {
  _id: mongoose.Types.ObjectId;
  code: string;
  user: mongoose.Types.ObjectId;
  site?: mongoose.Types.ObjectId;
  siteName: string;
  kind: 'module' | 'socle';
  ref: string;
  title: string;
  holderName: string;
  holderFirstName: string;
  holderLastName: string;
  holderBirthYear?: number;
  issuer?: IssuerDoc;
  layout?: number;
  skills: SkillSnapshotDoc[];
  issuedAt: Date;
  /** "YYYY-MM" in Brest (certificate-list-keys.ts): the staff list's month. */
  issuedMonth?: string;
  /** Its place in its site's month and its page of the staff list (certificate-list-keys.ts). */
  listSeq?: number;
  listBucket?: string;
  /** The holder's name as prefixes: the staff search by name. */
  searchKeys?: string[];
  issuedBy: mongoose.Types.ObjectId;
  issuedByName: string;
  status: CertificateStatus;
  activeKey: string;
  revokedAt?: Date;
  revokedBy?: mongoose.Types.ObjectId;
  revokedByName?: string;
  revokeReason?: string;
  replaces?: mongoose.Types.ObjectId;
  replacedBy?: mongoose.Types.ObjectId;
  rulesVersion?: number;
  validUntil?: Date;
  pdfSha256?: string;
  statusIndex?: number;
  credentialSalt?: string;
  credentialVersion?: number;
}
