/**
 * The check of a credential given to /verifier: the `.jwt` (VC-JWT, RS256), the `.json`
 * (Data Integrity, eddsa-rdfc-2022) or the envelope of the first credentials. Every key is
 * read from the key table, every JSON-LD document from the packages or the table: nothing
 * is fetched. The signature first, then the key's history, the status list, the dates.
 */
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { normalizeCode } from './certificate-code.js';
import * as certificates from './certificate.repository.js';
import { certificateSettings } from './certificate-settings.js';
import { isoSeconds, issuerUrls, statusBit } from './credential-document.js';
import * as keys from './credential-key.repository.js';
import type { CredentialKeyDoc } from './credential-key.types.js';
import { offlineLoader, proofHolds } from './credential-linked-data.js';
import {
  credentialFacts,
  issuerIdOf,
  judgeCredential,
  signedWhileSafe,
  type CredentialFacts,
  type CredentialVerdict,
} from './credential-verdict.js';
import { currentEncodedList, issuerDocuments } from './credential.service.js';

export interface CredentialCheck {
  verdict: CredentialVerdict;
  facts?: CredentialFacts;
}

/** What a signature check found: the signed credential, the key and when it signed. */
type Signed = { credential: Record<string, unknown>; key: CredentialKeyDoc; signedAt?: Date } | { verdict: CredentialVerdict };

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ENVELOPE_PREFIX = 'data:application/vc+jwt,';

type Given = { jws: string; envelope: boolean } | { linkedData: Record<string, unknown> } | null;

/** What was pasted or uploaded: a compact JWS, an envelope around one, or a JSON-LD credential with a proof. */
export function readGiven(text: string): Given {
  const t = text.trim();
  if (JWS.test(t)) return { jws: t, envelope: false };
  let doc: unknown;
  try {
    doc = JSON.parse(t);
  } catch {
    return null;
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const d = doc as Record<string, unknown>;
  const types = Array.isArray(d.type) ? d.type : [d.type];
  if (types.includes('EnvelopedVerifiableCredential') && typeof d.id === 'string' && d.id.startsWith(ENVELOPE_PREFIX)) {
    const jws = d.id.slice(ENVELOPE_PREFIX.length).trim();
    return JWS.test(jws) ? { jws, envelope: true } : null;
  }
  return d.proof && typeof d.proof === 'object' ? { linkedData: d } : null;
}

export async function checkCredential(text: string, now: Date): Promise<CredentialCheck> {
  const given = readGiven(text);
  if (!given) return { verdict: 'illisible' };
  const signed = 'jws' in given ? await checkJws(given.jws, given.envelope) : await checkLinkedData(given.linkedData, now);
  if ('verdict' in signed) return { verdict: signed.verdict };
  const facts = credentialFacts(signed.credential, issuerUrls(certificateSettings().publicUrl).issuerId);
  if (!facts) return { verdict: 'illisible' };
  const since = signed.key.compromisedSince;
  if (!signedWhileSafe(since, signed.signedAt, since ? await namesOurCertificate(facts) : true)) {
    return { verdict: 'reemettre', facts };
  }
  const list = await currentEncodedList();
  return { verdict: judgeCredential(facts, (i) => statusBit(list, i), now), facts };
}

/**
 * Neither our issuer nor a key of ours: "émetteur inconnu". Our issuer named, but no key
 * of ours signed: "modifiée" (someone changed it, or forged it in our name).
 */
function unknownKey(credential: unknown): { verdict: CredentialVerdict } {
  const ours = issuerUrls(certificateSettings().publicUrl).issuerId;
  const named = credential && typeof credential === 'object' ? issuerIdOf(credential as Record<string, unknown>) : undefined;
  if (named === undefined) return { verdict: 'illisible' };
  return { verdict: named === ours ? 'modifiee' : 'inconnu' };
}

async function checkJws(jws: string, envelope: boolean): Promise<Signed> {
  let kid: unknown, alg: unknown, claimed: unknown;
  try {
    ({ kid, alg } = decodeProtectedHeader(jws));
    claimed = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
  } catch {
    return { verdict: 'modifiee' };
  }
  const key = typeof kid === 'string' ? await keys.keyByKid(kid) : null;
  // An envelope holds a JWS of the envelope key; a bare JWS is the `.jwt` or an envelope's content.
  if (!key || key.form === 'data-integrity' || (envelope && key.form !== 'envelope')) return unknownKey(claimed);
  if (alg !== key.alg) return { verdict: 'modifiee' };
  let credential: Record<string, unknown>;
  try {
    const { payload } = await compactVerify(jws, await importJWK(key.publicJwk, key.alg), { algorithms: [key.alg] });
    credential = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch {
    return { verdict: 'modifiee' };
  }
  if (key.form === 'jwt' && !claimsAgree(credential)) return { verdict: 'modifiee' };
  const iat = credential.iat;
  const signedAt = typeof iat === 'number' ? new Date(iat * 1000) : dateOf(credential.validFrom);
  return { credential, key, signedAt };
}

/** The registered claims must say what the credential says (OB 3.0, 8.2.4.2). */
function claimsAgree(p: Record<string, unknown>): boolean {
  const seconds = (v: unknown) => (typeof v === 'string' ? Math.floor(Date.parse(v) / 1000) : undefined);
  return (
    p.iss === issuerIdOf(p) &&
    p.jti === p.id &&
    p.nbf === seconds(p.validFrom) &&
    p.exp === seconds(p.validUntil) &&
    (p.sub === undefined || p.sub === (p.credentialSubject as { id?: unknown } | undefined)?.id)
  );
}

async function checkLinkedData(credential: Record<string, unknown>, now: Date): Promise<Signed> {
  const proof = credential.proof as { verificationMethod?: unknown; created?: unknown };
  const method = proof.verificationMethod;
  const key = typeof method === 'string' ? await keys.keyByKid(method) : null;
  if (!key || key.form !== 'data-integrity') return unknownKey(credential);
  let holds = false;
  try {
    holds = await proofHolds(credential, offlineLoader(await issuerDocuments(now)));
  } catch {
    // A context we do not know, a document that is not JSON-LD: not a credential we signed as it is.
  }
  if (!holds) return { verdict: 'modifiee' };
  return { credential, key, signedAt: dateOf(proof.created) };
}

const dateOf = (v: unknown) => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v) : undefined);

/** The credential names one of our certificates, issued when it says (its page is `…/verifier/<code>`). */
async function namesOurCertificate(facts: CredentialFacts): Promise<boolean> {
  const code = facts.id ? normalizeCode(facts.id.split('/').at(-1) ?? '') : null;
  const c = code ? await certificates.findCertificateByCode(code) : null;
  if (!c || !facts.issuedAt) return false;
  return isoSeconds(c.issuedAt) === isoSeconds(facts.issuedAt);
}
