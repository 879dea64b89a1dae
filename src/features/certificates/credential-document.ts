/**
 * Pure: the Open Badges 3.0 credential of a certificate, the claims of its VC-JWT form,
 * and the Bitstring Status List. No database, no key: credential-signing.ts signs what
 * these build, credential-issuer.ts builds what the issuer publishes.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CertificateDoc } from './certificate.types.js';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The organisation named as issuer in every credential. */
export const ISSUER_NAME = 'Kérourien numérique – espace public multimédia';
/** 16 KB of bits, the smallest list the spec allows: one revoked index hides among many. */
export const STATUS_LIST_BITS = 131_072;
/** Where the pieces live under PUBLIC_URL (routes in credentials.routes.ts). */
export const ISSUER_PATH = '/emetteur';
export const STATUS_LIST_PATH = '/emetteur/statuts';
/** Each key's own address (its `kid`), and the JWKS of every key. */
export const KEYS_PATH = '/emetteur/cles';

export interface IssuerUrls {
  issuerId: string;
  statusListUrl: string;
}

export const issuerUrls = (publicUrl: string): IssuerUrls => ({
  issuerId: publicUrl + ISSUER_PATH,
  statusListUrl: publicUrl + STATUS_LIST_PATH,
});

/** OB 3.0 IdentityObject hash: `sha256$` + hex SHA-256 of the identity followed by the salt. */
export const identityHash = (identity: string, salt: string) =>
  'sha256$' +
  createHash('sha256')
    .update(identity + salt, 'utf8')
    .digest('hex');

export type CredentialSource = Pick<
  CertificateDoc,
  'code' | 'kind' | 'ref' | 'title' | 'holderName' | 'siteName' | 'issuedAt' | 'skills' | 'validUntil' | 'issuer'
> & { site?: { toString(): string } | undefined; statusIndex: number; credentialSalt: string };

const LEVEL_WORDS = { seul: 'sans aide', 'avec-aide': 'avec de l’aide' } as const;

/**
 * A date as the signed forms write it: to the second, so that `nbf` and `exp` (whole
 * seconds) equal `validFrom` and `validUntil`. The envelope form of the first credentials
 * kept milliseconds (`toISOString`): its bytes must not change.
 */
export const isoSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export type DatePrecision = 'seconds' | 'milliseconds';

/**
 * The OpenBadgeCredential of one certificate. The holder is only a salted hash of the
 * name: whoever knows the name and holds the file can check it, nobody can read it.
 * `crcnOf` gives a skill's CRCN competence (e.g. "1.1") from the catalogue.
 */
export function openBadgeCredential(
  c: CredentialSource,
  publicUrl: string,
  crcnOf: (skillId: string) => string | undefined,
  precision: DatePrecision = 'seconds',
): Record<string, unknown> {
  const { issuerId, statusListUrl } = issuerUrls(publicUrl);
  const iso = precision === 'seconds' ? isoSeconds : (d: Date) => d.toISOString();
  const competences = [...new Set(c.skills.map((s) => s.crcn || crcnOf(s.skillId)).filter((x): x is string => Boolean(x)))].sort(
    (a, b) => a.localeCompare(b, 'fr', { numeric: true }),
  );
  // Who assessed, on behalf of the issuer: the organisation the certificate kept at issue, else the site.
  const sourceName = c.issuer?.legalName || c.siteName;
  const website = c.issuer?.website && /^https?:\/\//.test(c.issuer.website) ? c.issuer.website : undefined;
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `${publicUrl}/verifier/${c.code}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `Attestation de compétences numériques : ${c.title}`,
    issuer: { id: issuerId, type: ['Profile'], name: ISSUER_NAME, url: publicUrl },
    validFrom: iso(c.issuedAt),
    ...(c.validUntil ? { validUntil: iso(c.validUntil) } : {}),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: identityHash(c.holderName, c.credentialSalt),
          identityType: 'name',
          hashed: true,
          salt: c.credentialSalt,
        },
      ],
      ...(sourceName
        ? {
            source: {
              id: `${issuerId}#espace-${c.site ? String(c.site) : 'inconnu'}`,
              type: ['Profile'],
              name: sourceName,
              ...(website ? { url: website } : {}),
            },
          }
        : {}),
      achievement: {
        id: `${issuerId}#attestation-${c.ref}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: c.title,
        inLanguage: 'fr',
        description: c.skills.map((s) => `${s.title} : ${LEVEL_WORDS[s.level]}.`).join(' '),
        criteria: {
          narrative:
            c.kind === 'socle'
              ? 'Chaque compétence a été montrée sans aide devant un animateur ou une animatrice, en atelier ou en séance individuelle.'
              : 'Chaque compétence de l’atelier a été montrée devant un animateur ou une animatrice de l’espace.',
        },
        alignment: competences.map((code) => ({
          type: ['Alignment'],
          targetType: 'CFItem',
          targetFramework: 'Cadre de référence des compétences numériques (CRCN)',
          targetCode: code,
          targetName: `CRCN ${code}`,
          targetUrl: `https://pix.fr/competences#${code}`,
        })),
      },
    },
    credentialStatus: {
      id: `${statusListUrl}#${c.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(c.statusIndex),
      statusListCredential: statusListUrl,
    },
  };
}

/**
 * The VC-JWT payload (Open Badges 3.0, section 8.2): the credential's members at the top
 * level, plus the registered claims that repeat them. `iat` is when it was signed.
 */
export function vcJwtPayload(credential: Record<string, unknown>, signedAt: Date): Record<string, unknown> {
  const seconds = (v: unknown) => (typeof v === 'string' ? Math.floor(Date.parse(v) / 1000) : undefined);
  const issuer = credential.issuer as string | { id?: string };
  const subject = (credential.credentialSubject ?? {}) as { id?: unknown };
  return {
    ...credential,
    iss: typeof issuer === 'string' ? issuer : issuer.id,
    nbf: seconds(credential.validFrom),
    jti: credential.id,
    ...(credential.validUntil ? { exp: seconds(credential.validUntil) } : {}),
    ...(typeof subject.id === 'string' ? { sub: subject.id } : {}),
    iat: Math.floor(signedAt.getTime() / 1000),
  };
}

// ---------- the status list ----------

/** GZIP then multibase base64url (`u` prefix), index 0 the first byte's highest bit. */
export function encodeStatusList(revoked: Iterable<number>): string {
  const bits = Buffer.alloc(STATUS_LIST_BITS / 8);
  for (const i of revoked) if (Number.isInteger(i) && i >= 0 && i < STATUS_LIST_BITS) bits[i >> 3]! |= 0x80 >> (i & 7);
  return 'u' + gzipSync(bits).toString('base64url');
}

/** Whether `index` is set in an encoded list; null for a list that cannot be read. */
export function statusBit(encodedList: string, index: number): boolean | null {
  try {
    if (!encodedList.startsWith('u')) return null;
    const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
    if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) return null;
    return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
  } catch {
    return null;
  }
}

export function statusListCredential(publicUrl: string, encodedList: string, now: Date): Record<string, unknown> {
  const { issuerId, statusListUrl } = issuerUrls(publicUrl);
  return {
    '@context': [VC_CONTEXT],
    id: statusListUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerId,
    validFrom: isoSeconds(now),
    credentialSubject: { id: `${statusListUrl}#liste`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
}
