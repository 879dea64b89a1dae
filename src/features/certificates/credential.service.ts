/**
 * The signed credentials of certificates (Open Badges 3.0), in two forms:
 * - `.jwt`: a VC-JWT (RS256, OB 3.0 section 8.2), RSA PKCS#1 v1.5, which is deterministic;
 * - `.json`: the same credential with a Data Integrity proof (eddsa-rdfc-2022), which
 *   wallets import; Ed25519 is deterministic too.
 * Both are dated by when the key that signs them took over (or the issue, if later): the
 * same certificate gives the same bytes until a new key signs. Certificates issued in
 * the days of the envelope form keep that form inside their PDF (credential-pdf-files.ts).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { CompactSign } from 'jose';
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
import type { CredentialKeyDoc } from './credential-key.types.js';
import { currentKey, prepareKeys, publishedKeys, type SigningKey } from './credential-keys.js';
import {
  encodeStatusList,
  issuerUrls,
  openBadgeCredential,
  STATUS_LIST_BITS,
  statusListCredential,
  vcJwtPayload,
  type CredentialSource,
} from './credential-document.js';
import { issuerProfile, jwks, keyDocument, keyUrl } from './credential-issuer.js';
import { offlineLoader, signDataIntegrity, type DocumentLoader } from './credential-linked-data.js';

const LIST = '1';
const MAX_SLOT_TRIES = 20;
/** The erased holder's name (certificate-erasure.service.ts): such a credential is never handed out. */
export const ERASED_HOLDER = 'Personne anonymisée';

export type CredentialFormat = 'jwt' | 'json';

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
export async function withCredentialFields(c: CertificateDoc, now: Date): Promise<CertificateDoc & CredentialSource> {
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

export const crcnOf = (skillId: string) => catalogue().skillById.get(skillId)?.crcn;

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** When a key signs a certificate's credential: when the key took over, or the issue if later. */
export const signedAtOf = (issuedAt: Date, key: CredentialKeyDoc) =>
  wholeSeconds(new Date(Math.max(issuedAt.getTime(), key.from.getTime())));

/** The issuer's own documents for the JSON-LD loader: its profile and each key at its kid. */
export async function issuerDocuments(now: Date): Promise<Map<string, unknown>> {
  const { publicUrl, keys: store } = certificateSettings();
  const keys = await publishedKeys(store, now);
  const docs = new Map<string, unknown>(keys.map((k) => [k.kid, keyDocument(k, publicUrl)]));
  docs.set(issuerUrls(publicUrl).issuerId, issuerProfile(publicUrl, keys));
  return docs;
}

export async function signJwt(payload: Record<string, unknown>, key: SigningKey): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.doc.kid })
    .sign(key.privateKey);
}

async function dataIntegrity(credential: Record<string, unknown>, key: SigningKey, created: Date, loader?: DocumentLoader) {
  const controller = issuerUrls(certificateSettings().publicUrl).issuerId;
  const signed = await signDataIntegrity(
    credential,
    { privateKey: key.privateKey, kid: key.doc.kid, controller },
    created,
    loader ?? offlineLoader(await issuerDocuments(created)),
  );
  return JSON.stringify(signed, null, 2) + '\n';
}

/** The `.jwt` file of a certificate: the compact JWS, the same bytes while its key signs. */
export async function credentialJwt(c: CredentialSource, now: Date): Promise<string> {
  const key = await currentKey(certificateSettings().keys, 'jwt', now);
  const credential = openBadgeCredential(c, certificateSettings().publicUrl, crcnOf);
  return signJwt(vcJwtPayload(credential, signedAtOf(c.issuedAt, key.doc)), key);
}

/** The `.json` file of a certificate: the credential with its Data Integrity proof. */
export async function credentialDataIntegrity(c: CredentialSource, now: Date): Promise<string> {
  const key = await currentKey(certificateSettings().keys, 'data-integrity', now);
  const credential = openBadgeCredential(c, certificateSettings().publicUrl, crcnOf);
  return dataIntegrity(credential, key, signedAtOf(c.issuedAt, key.doc));
}

export const credentialFilename = (code: string, format: CredentialFormat) => `attestation-${code}.${format}`;

// ---------- the downloads ----------

/** A download, for the same people as the PDF: the owner resident, the staff of its site. */
export async function certificateCredential(
  actor: SessionUser,
  id: string,
  format: CredentialFormat,
  now: Date,
): Promise<{ filename: string; body: string }> {
  const found = await certificateById(id);
  const owner = actor.role === 'resident' && String(found.user) === actor.id;
  const staff = isLeaderOfSite(actor, found.site);
  if (!owner && !staff) throw actor.role === 'resident' ? new NotFound() : new Forbidden();
  // Erased: the name is gone, and no credential may carry even its hash any more.
  if (found.holderName === ERASED_HOLDER) throw new NotFound();
  const c = await withCredentialFields(found, now);
  const body = format === 'jwt' ? await credentialJwt(c, now) : await credentialDataIntegrity(c, now);
  if (staff)
    await certificateAudit.record(actor, 'certificate.download', `certificate:${id}`, { resident: String(c.user), format }, now);
  return { filename: credentialFilename(c.code, format), body };
}

// ---------- what the app publishes ----------

/** At start (server.ts): the signing keys ready, made if this machine has none. */
export const prepareCredentialKeys = (now: Date) => prepareKeys(certificateSettings().keys, now);

export async function publishedIssuerProfile(now: Date): Promise<Record<string, unknown>> {
  const { publicUrl, keys } = certificateSettings();
  return issuerProfile(publicUrl, await publishedKeys(keys, now));
}

export async function publishedJwks(now: Date) {
  return jwks(await publishedKeys(certificateSettings().keys, now));
}

/** One key's document at its own URL (its `kid`, ending with its thumbprint); null when no key has it. */
export async function publishedKey(thumbprint: string, now: Date): Promise<Record<string, unknown> | null> {
  const kid = keyUrl(certificateSettings().publicUrl, thumbprint);
  const keys = await publishedKeys(certificateSettings().keys, now);
  const key = keys.find((k) => k.kid === kid);
  return key ? keyDocument(key, certificateSettings().publicUrl) : null;
}

/** The encoded list: the places of every revoked certificate (revoking flips the bit). */
export async function currentEncodedList(): Promise<string> {
  return encodeStatusList(await repo.revokedStatusIndices());
}

/**
 * The status list credential, signed like the certificates: a VC-JWT, or with a Data
 * Integrity proof for the JSON-LD verifiers that read the `.json` form.
 */
export async function signedStatusList(now: Date, format: CredentialFormat): Promise<string> {
  const { publicUrl, keys } = certificateSettings();
  const list = statusListCredential(publicUrl, await currentEncodedList(), now);
  if (format === 'jwt') return signJwt(vcJwtPayload(list, wholeSeconds(now)), await currentKey(keys, 'jwt', now));
  return dataIntegrity(list, await currentKey(keys, 'data-integrity', now), wholeSeconds(now));
}
