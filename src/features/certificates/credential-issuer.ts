/**
 * Pure: what the issuer publishes for any verifier, from its key table: the issuer
 * profile (a controller document listing every key ever used), each key's own
 * document at its `kid`, and a JWKS. Nothing here is secret.
 */
import { issuerUrls, ISSUER_NAME, KEYS_PATH, OB_CONTEXT, VC_CONTEXT } from './credential-document.js';

export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';
const SEC = 'https://w3id.org/security#';
const DATE_TIME = 'http://www.w3.org/2001/XMLSchema#dateTime';

/**
 * The terms of a controller document that neither the VC nor the Open Badges context
 * defines, with the IRIs of the W3C Controlled Identifiers vocabulary: a JSON-LD
 * verifier (Data Integrity) reads the profile's `assertionMethod` through them.
 */
const CONTROLLER_TERMS = {
  verificationMethod: { '@id': `${SEC}verificationMethod`, '@type': '@id' },
  assertionMethod: { '@id': `${SEC}assertionMethod`, '@type': '@id', '@container': '@set' },
  JsonWebKey: {
    '@id': `${SEC}JsonWebKey`,
    '@context': {
      '@protected': true,
      id: '@id',
      type: '@type',
      controller: { '@id': `${SEC}controller`, '@type': '@id' },
      revoked: { '@id': `${SEC}revoked`, '@type': DATE_TIME },
      publicKeyJwk: { '@id': `${SEC}publicKeyJwk`, '@type': '@json' },
    },
  },
};

/** The public part of a key, as the key table keeps it. */
export interface PublishedKey {
  kid: string;
  alg: 'RS256' | 'EdDSA';
  form: 'jwt' | 'data-integrity' | 'envelope';
  publicJwk: Record<string, string>;
  publicKeyMultibase?: string;
  compromisedSince?: Date;
}

/** A key's address: under the issuer, named by its JWK thumbprint (RFC 7638). */
export const keyUrl = (publicUrl: string, thumbprint: string) => `${publicUrl}${KEYS_PATH}/${thumbprint}`;

/**
 * A key as a verification method: a Multikey for the Data Integrity keys (what the
 * eddsa-rdfc-2022 cryptosuite reads), a JsonWebKey for the others. A leaked key says
 * since when in `revoked`.
 */
export function verificationMethod(key: PublishedKey, issuerId: string): Record<string, unknown> {
  const revoked = key.compromisedSince ? { revoked: key.compromisedSince.toISOString() } : {};
  if (key.form === 'data-integrity' && key.publicKeyMultibase) {
    return { id: key.kid, type: 'Multikey', controller: issuerId, publicKeyMultibase: key.publicKeyMultibase, ...revoked };
  }
  return { id: key.kid, type: 'JsonWebKey', controller: issuerId, publicKeyJwk: publicJwkOf(key), ...revoked };
}

/** The document at a key's own URL (its `kid`), with its context: JSON-LD that stands alone. */
export function keyDocument(key: PublishedKey, publicUrl: string): Record<string, unknown> {
  const method = verificationMethod(key, issuerUrls(publicUrl).issuerId);
  const context =
    method.type === 'Multikey' ? MULTIKEY_CONTEXT : [{ '@version': 1.1 }, { JsonWebKey: CONTROLLER_TERMS.JsonWebKey }];
  return { '@context': context, ...method };
}

const publicJwkOf = (key: PublishedKey) => ({ ...key.publicJwk, kid: key.kid, alg: key.alg, use: 'sig' });

/** Every key as a JWK Set (RFC 7517), for JOSE verifiers. */
export function jwks(keys: readonly PublishedKey[]): { keys: Record<string, string>[] } {
  return { keys: keys.map(publicJwkOf) };
}

/** The issuer's profile: an Open Badges Profile that is also the controller document of its keys. */
export function issuerProfile(publicUrl: string, keys: readonly PublishedKey[]): Record<string, unknown> {
  const { issuerId } = issuerUrls(publicUrl);
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT, MULTIKEY_CONTEXT, CONTROLLER_TERMS],
    id: issuerId,
    type: ['Profile'],
    name: ISSUER_NAME,
    url: publicUrl,
    description:
      'Espace public multimédia de Kérourien, à Brest. Ses attestations de compétences numériques sont signées avec les clés ci-dessous : toutes celles qu’il a utilisées.',
    verificationMethod: keys.map((k) => verificationMethod(k, issuerId)),
    assertionMethod: keys.map((k) => k.kid),
  };
}
