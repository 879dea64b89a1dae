/** What a row of the issuer's key table holds (credential-key.model.ts stores it). */
import type mongoose from 'mongoose';

export const KEY_FORMS = ['jwt', 'data-integrity', 'envelope'] as const;
export type KeyForm = (typeof KEY_FORMS)[number];

export interface CredentialKeyDoc {
  _id: mongoose.Types.ObjectId;
  kid: string;
  form: KeyForm;
  generation: number;
  alg: 'RS256' | 'EdDSA';
  publicJwk: Record<string, string>;
  publicKeyMultibase?: string;
  file: string;
  from: Date;
  until?: Date;
  compromisedSince?: Date;
}
