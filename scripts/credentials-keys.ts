/**
 * What the two key commands share: the app's key store, as the app builds it from the
 * configuration (credential-keys.ts), and how they print a key.
 */
import { keyStore, type KeyStore } from '../src/features/certificates/credential-keys.js';
import type { CredentialKeyDoc } from '../src/features/certificates/credential-key.types.js';
import type { Config } from '../src/config.js';
import { dayInBrest } from '../src/platform/day.js';

export const storeOf = (config: Config): KeyStore =>
  keyStore(config.PUBLIC_URL.replace(/\/+$/, ''), config.DATA_DIR, config.CREDENTIAL_SIGNING_KEY);

const FORM_WORDS: Record<string, string> = {
  jwt: '.jwt (RS256)',
  'data-integrity': '.json (Data Integrity, eddsa-rdfc-2022)',
  envelope: 'enveloppe des premières attestations / first credentials’ envelope',
};

export const describeKey = (k: CredentialKeyDoc) =>
  `  ${FORM_WORDS[k.form] ?? k.form}, n° ${k.generation} : ${k.kid}` +
  (k.compromisedSince ? `\n    compromise depuis / compromised since ${k.compromisedSince.toISOString()}` : '');

/** A day means from its first instant in France; otherwise an ISO date and time. */
export function sinceOf(text: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    for (const offset of ['+01:00', '+02:00']) {
      const d = new Date(`${text}T00:00:00${offset}`);
      // Midnight in Brest: the day starts at this instant, not one hour before it.
      if (!Number.isNaN(d.getTime()) && dayInBrest(d) === text && dayInBrest(new Date(d.getTime() - 1)) !== text) return d;
    }
    return null;
  }
  const d = new Date(text);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(d.getTime()) ? d : null;
}
