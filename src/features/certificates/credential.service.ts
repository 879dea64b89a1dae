/**
 * The signed credentials (Open Badges 3.0, VC-JWT form): a compact JWS (`alg: EdDSA`,
 * `typ: vc+jwt`) over the credential JSON, handed out wrapped in a VC 2.0
 * `EnvelopedVerifiableCredential`. The JWS form needs no JSON-LD context at run time
 * (the machine is offline), and Ed25519 signatures are deterministic: the same
 * certificate always gives the same file, so the PDF's attachment equals the download.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { isLeaderOfSite, type SessionUser } from '../accounts/index.js';
import { catalogue } from '../workshops/index.js';
import { certificateAudit } from './certificate-audit.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { isDuplicateKey } from '../../platform/ids.js';
import { insertCredentialSlot, updateCertificate } from './certificate.repository.js';
import type { CertificateDoc } from './certificate.types.js';
import { certificateById } from './certificate-queries.js';
import { certificateSettings } from './certificate-settings.js';
import * as repo from './credential.repository.js';
import {
  credentialFacts,
  encodeStatusList,
  issuerProfile,
  issuerUrls,
  judgeCredential,
  openBadgeCredential,
  STATUS_LIST_BITS,
  statusBit,
  statusListCredential,
  type CredentialFacts,
  type CredentialSource,
  type CredentialVerdict,
} from './credential-document.js';

const LIST = '1';
const MAX_SLOT_TRIES = 20;
/** The erased holder's name (certificate-erasure.service.ts): such a credential is never handed out. */
const ERASED_HOLDER = 'Personne anonymisée';

// ---------- places in the status list ----------

/** A free place of the status list and a fresh salt, for a certificate about to be issued. */
export async function newCredentialFields(now: Date): Promise<{ statusIndex: number; credentialSalt: string }> {
  for (let i = 0; i < MAX_SLOT_TRIES; i++) {
    const index = randomInt(STATUS_LIST_BITS);
    try {
      await insertCredentialSlot({ list: LIST, index, takenAt: now });
      return { statusIndex: index, credentialSalt: randomBytes(16).toString('hex') };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('no free place in the credential status list after several tries');
}

/** A certificate issued before credentials gets its place at its first download, once. */
async function withCredentialFields(c: CertificateDoc, now: Date): Promise<CertificateDoc & CredentialSource> {
  if (hasCredentialFields(c)) return c;
  const id = String(c._id);
  return withDocumentLock(documentKey('certificates', id), async () => {
    const fresh = await certificateById(id);
    if (hasCredentialFields(fresh)) return fresh;
    const fields = await newCredentialFields(now);
    await updateCertificate(fresh._id, { $set: fields });
    return { ...fresh, ...fields };
  });
}

const hasCredentialFields = (c: CertificateDoc): c is CertificateDoc & CredentialSource =>
  typeof c.statusIndex === 'number' && typeof c.credentialSalt === 'string';

// ---------- signing ----------

async function sign(payload: Record<string, unknown>): Promise<string> {
  const { signing } = certificateSettings();
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: signing.kid })
    .sign(signing.privateKey);
}

const envelope = (jws: string) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: `data:application/vc+jwt,${jws}`,
  type: 'EnvelopedVerifiableCredential',
});

const crcnOf = (skillId: string) => catalogue().skillById.get(skillId)?.crcn;

/** The file handed out: the enveloped credential as JSON text, the same bytes every time. */
export async function credentialJson(c: CredentialSource): Promise<string> {
  const payload = openBadgeCredential(c, certificateSettings().publicUrl, crcnOf);
  return JSON.stringify(envelope(await sign(payload)), null, 2) + '\n';
}

export const credentialFilename = (code: string) => `attestation-${code}.json`;

/** The credential attached to a certificate's PDF; none once the holder's data were erased. */
export async function credentialAttachment(
  c: CredentialSource & Pick<CertificateDoc, 'holderName'>,
): Promise<{ name: string; json: string } | undefined> {
  if (c.holderName === ERASED_HOLDER) return undefined;
  return { name: credentialFilename(c.code), json: await credentialJson(c) };
}

/** The download, for the same people as the PDF: the owner resident, the staff of its site. */
export async function certificateCredential(
  actor: SessionUser,
  id: string,
  now: Date,
): Promise<{ filename: string; json: string }> {
  const found = await certificateById(id);
  const owner = actor.role === 'resident' && String(found.user) === actor.id;
  const staff = isLeaderOfSite(actor, found.site);
  if (!owner && !staff) throw actor.role === 'resident' ? new NotFound() : new Forbidden();
  // Erased: the name is gone, and no credential may carry even its hash any more.
  if (found.holderName === ERASED_HOLDER) throw new NotFound();
  const c = await withCredentialFields(found, now);
  const json = await credentialJson(c);
  if (staff)
    await certificateAudit.record(
      actor,
      'certificate.download',
      `certificate:${id}`,
      { resident: String(c.user), format: 'json' },
      now,
    );
  return { filename: credentialFilename(c.code), json };
}

/** For the PDF of a certificate issued before credentials: its place, then its attachment. */
export async function attachmentFor(c: CertificateDoc, now: Date) {
  if (c.holderName === ERASED_HOLDER) return undefined;
  return credentialAttachment(await withCredentialFields(c, now));
}

// ---------- what the app publishes ----------

export function publishedIssuerProfile(): Record<string, unknown> {
  const { publicUrl, signing } = certificateSettings();
  return issuerProfile(publicUrl, signing.publicJwk, signing.kid);
}

/** The encoded list: the places of every revoked certificate (revoking flips the bit). */
async function currentEncodedList(): Promise<string> {
  return encodeStatusList(await repo.revokedStatusIndices());
}

/** The status list credential, signed like the certificates' (a compact JWS). */
export async function signedStatusList(now: Date): Promise<string> {
  return sign(statusListCredential(certificateSettings().publicUrl, await currentEncodedList(), now));
}

// ---------- checking a credential given to /verifier ----------

export interface CredentialCheck {
  verdict: CredentialVerdict;
  facts?: CredentialFacts;
}

const JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The JWS inside what was pasted or uploaded: the enveloped JSON, or the bare token. */
export function jwsOf(text: string): string | null {
  const t = text.trim();
  if (JWS.test(t)) return t;
  try {
    const doc = JSON.parse(t) as { id?: unknown; type?: unknown };
    const types = Array.isArray(doc.type) ? doc.type : [doc.type];
    const prefix = 'data:application/vc+jwt,';
    if (types.includes('EnvelopedVerifiableCredential') && typeof doc.id === 'string' && doc.id.startsWith(prefix)) {
      const jws = doc.id.slice(prefix.length).trim();
      return JWS.test(jws) ? jws : null;
    }
  } catch {
    // Not JSON: not a credential.
  }
  return null;
}

/**
 * The signature with this issuer's key, then the credential's own claims, the status list
 * and the dates. Any doubt about the signature is "modifiée": a changed character, another
 * key, another algorithm.
 */
export async function checkCredential(text: string, now: Date): Promise<CredentialCheck> {
  const jws = jwsOf(text);
  if (!jws) return { verdict: 'illisible' };
  const { publicUrl, signing } = certificateSettings();
  let payload: unknown;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.alg !== 'EdDSA' || header.kid !== signing.kid) return { verdict: 'modifiee' };
    const verified = await compactVerify(jws, signing.publicKey, { algorithms: ['EdDSA'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return { verdict: 'modifiee' };
  }
  const facts = credentialFacts(payload, issuerUrls(publicUrl).issuerId);
  if (!facts) return { verdict: 'illisible' };
  const list = await currentEncodedList();
  return { verdict: judgeCredential(facts, (i) => statusBit(list, i), now), facts };
}
