/**
 * Pure: the Open Badges 3.0 credential of a certificate, the Bitstring Status List, the
 * issuer profile, and the verdict on a checked credential. No database, no key: the
 * service signs what these build (VC-JWT: a JWS over this JSON, see credential.service.ts).
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CertificateDoc } from './certificate.types.js';
import { isExpired } from './eligibility.js';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** The organisation named as issuer in every credential. */
export const ISSUER_NAME = 'Kérourien numérique – espace public multimédia';
/** 16 KB of bits, the smallest list the spec allows: one revoked index hides among many. */
export const STATUS_LIST_BITS = 131_072;
/** Where the pieces live under PUBLIC_URL (routes in credentials.routes.ts). */
export const ISSUER_PATH = '/emetteur';
export const STATUS_LIST_PATH = '/emetteur/statuts';

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
 * The OpenBadgeCredential of one certificate. The holder is only a salted hash of the
 * name: whoever knows the name and holds the file can check it, nobody can read it.
 * `crcnOf` gives a skill's CRCN competence (e.g. "1.1") from the catalogue.
 */
export function openBadgeCredential(
  c: CredentialSource,
  publicUrl: string,
  crcnOf: (skillId: string) => string | undefined,
): Record<string, unknown> {
  const { issuerId, statusListUrl } = issuerUrls(publicUrl);
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
    validFrom: c.issuedAt.toISOString(),
    ...(c.validUntil ? { validUntil: c.validUntil.toISOString() } : {}),
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
    validFrom: now.toISOString(),
    credentialSubject: { id: `${statusListUrl}#liste`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  };
}

/** The issuer's profile, with the public key that checks its credentials. */
export function issuerProfile(publicUrl: string, publicJwk: Record<string, unknown>, kid: string): Record<string, unknown> {
  const { issuerId } = issuerUrls(publicUrl);
  const method = { id: kid, type: 'JsonWebKey', controller: issuerId, publicKeyJwk: publicJwk };
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: issuerId,
    type: ['Profile'],
    name: ISSUER_NAME,
    url: publicUrl,
    description:
      'Espace public multimédia de Kérourien, à Brest. Ses attestations de compétences numériques sont signées avec la clé ci-dessous.',
    verificationMethod: [method],
    assertionMethod: [kid],
  };
}

// ---------- the verdict ----------

export type CredentialVerdict = 'valable' | 'annulee' | 'expiree' | 'modifiee' | 'illisible';

export interface CredentialFacts {
  title: string;
  issuedAt?: Date;
  validUntil?: Date;
  siteName: string;
  statusIndex?: number;
}

/** What a signed payload says, or null when it is not one of our OpenBadgeCredentials. */
export function credentialFacts(payload: unknown, issuerId: string): CredentialFacts | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const types = Array.isArray(p.type) ? p.type : [];
  const issuer = (p.issuer ?? {}) as { id?: unknown };
  if (!types.includes('OpenBadgeCredential') || issuer.id !== issuerId) return null;
  const subject = (p.credentialSubject ?? {}) as { achievement?: { name?: unknown }; source?: { name?: unknown } };
  const status = (p.credentialStatus ?? {}) as { statusListIndex?: unknown };
  const date = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);
  const index = typeof status.statusListIndex === 'string' ? Number(status.statusListIndex) : NaN;
  return {
    title: typeof subject.achievement?.name === 'string' ? subject.achievement.name : '',
    issuedAt: date(p.validFrom),
    validUntil: date(p.validUntil),
    siteName: typeof subject.source?.name === 'string' ? subject.source.name : '',
    statusIndex: Number.isInteger(index) ? index : undefined,
  };
}

/**
 * Of a credential whose signature holds: revoked first (a revoked certificate is never
 * "only expired"), then the validity dates. `revoked` reads the status list (null: unreadable).
 */
export function judgeCredential(
  facts: CredentialFacts,
  revoked: (index: number) => boolean | null,
  now: Date,
): CredentialVerdict {
  if (facts.statusIndex === undefined || !facts.issuedAt) return 'illisible';
  const isRevoked = revoked(facts.statusIndex);
  if (isRevoked === null) return 'illisible';
  if (isRevoked) return 'annulee';
  if (facts.issuedAt.getTime() > now.getTime()) return 'illisible';
  if (isExpired(facts.validUntil, now)) return 'expiree';
  return 'valable';
}
