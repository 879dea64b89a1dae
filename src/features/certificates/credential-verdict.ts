/**
 * Pure: what /verifier says of a credential once its signature was checked. No database,
 * no key: credential-check.service.ts gathers the facts and the status list.
 */

/**
 * valable, révoquée (the app's word for a revoked certificate), expirée, modifiée,
 * émetteur inconnu, à réémettre (signed by a key that leaked, after it leaked), illisible.
 */
export type CredentialVerdict = 'valable' | 'revoquee' | 'expiree' | 'modifiee' | 'inconnu' | 'reemettre' | 'illisible';

export interface CredentialFacts {
  title: string;
  issuedAt?: Date;
  validUntil?: Date;
  siteName: string;
  statusIndex?: number;
  /** The certificate's page (the credential's `id`), to tie a credential to its certificate. */
  id?: string;
}

const date = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);

/** What a credential says, or null when it is not one of this issuer's OpenBadgeCredentials. */
export function credentialFacts(payload: unknown, issuerId: string): CredentialFacts | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const types = Array.isArray(p.type) ? p.type : [];
  if (!types.includes('OpenBadgeCredential') || issuerIdOf(p) !== issuerId) return null;
  const subject = (p.credentialSubject ?? {}) as { achievement?: { name?: unknown }; source?: { name?: unknown } };
  const status = (p.credentialStatus ?? {}) as { statusListIndex?: unknown; statusListCredential?: unknown };
  const index = typeof status.statusListIndex === 'string' ? Number(status.statusListIndex) : NaN;
  return {
    title: typeof subject.achievement?.name === 'string' ? subject.achievement.name : '',
    issuedAt: date(p.validFrom),
    validUntil: date(p.validUntil),
    siteName: typeof subject.source?.name === 'string' ? subject.source.name : '',
    statusIndex: Number.isInteger(index) ? index : undefined,
    id: typeof p.id === 'string' ? p.id : undefined,
  };
}

/** The issuer a credential names (a URL, or a profile with an `id`), unchecked. */
export function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') {
    return (issuer as { id: string }).id;
  }
  return undefined;
}

/** True once the instant `validUntil` is reached: the credential's own time, not a day in Brest. */
export const isPastValidity = (validUntil: Date | undefined, now: Date) =>
  validUntil !== undefined && now.getTime() >= validUntil.getTime();

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
  if (isRevoked) return 'revoquee';
  if (facts.issuedAt.getTime() > now.getTime()) return 'illisible';
  if (isPastValidity(facts.validUntil, now)) return 'expiree';
  return 'valable';
}

/**
 * A key that leaked: what it signed before it leaked stands, what it signed since must be
 * signed again; as must anything naming no certificate of ours (a forger with the key
 * dates what they like, so the certificate is looked up).
 */
export function signedWhileSafe(compromisedSince: Date | undefined, signedAt: Date | undefined, matchesCertificate: boolean) {
  if (!compromisedSince) return true;
  return signedAt !== undefined && signedAt.getTime() < compromisedSince.getTime() && matchesCertificate;
}
