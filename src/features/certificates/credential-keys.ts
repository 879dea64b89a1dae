/**
 * The issuer's signing keys: public parts in the key table (credential-key.repository.ts),
 * private parts in files of DATA_DIR/credential-keys, created owner-only (0600 from the
 * first byte) and never in a backup.
 *
 * The current key of a form is read from the database at each signature, so that a
 * rotation by `npm run credentials:new-key` while the app runs takes effect at once;
 * private parts are cached by `kid` (a kid names one key for ever).
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fromJwk as ed25519FromJwk } from '@digitalbazaar/ed25519-multikey';
import { calculateJwkThumbprint, type JWK } from 'jose';
import * as repo from './credential-key.repository.js';
import type { CredentialKeyDoc, KeyForm } from './credential-key.types.js';
import { ISSUER_PATH } from './credential-document.js';
import { keyUrl } from './credential-issuer.js';

const generate = promisify(generateKeyPair);

/** Where one app keeps its private keys, and those it has read. */
export interface KeyStore {
  publicUrl: string;
  dir: string;
  /** The Ed25519 key of the first credentials (envelope form), when this machine has it. */
  legacyKey?: KeyObject;
  cache: Map<string, KeyObject>;
}

export const keyStore = (publicUrl: string, dataDir: string, legacyKey?: KeyObject): KeyStore => ({
  publicUrl,
  dir: path.join(dataDir, 'credential-keys'),
  legacyKey,
  cache: new Map(),
});

export interface SigningKey {
  doc: CredentialKeyDoc;
  privateKey: KeyObject;
}

/** The forms that rotate; the envelope form only signs again what it signed before. */
export type RotatingForm = Exclude<KeyForm, 'envelope'>;
export const ROTATING_FORMS: readonly RotatingForm[] = ['jwt', 'data-integrity'];

const MAX_TRIES = 5;

/**
 * The current key of a form, with its private part. None yet, or the newest one leaked,
 * or its private part is not on this machine (a restore elsewhere): a new key, recorded
 * as the next generation (two processes at once: one insert wins, both use its key).
 */
export async function currentKey(store: KeyStore, form: RotatingForm, now: Date): Promise<SigningKey> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const keys = await repo.keysOfForm(form);
    const newest = keys.at(-1);
    if (newest && !newest.compromisedSince) {
      const privateKey = readPrivateKey(store, newest);
      if (privateKey) return { doc: newest, privateKey };
    }
    await createKey(store, form, (newest?.generation ?? 0) + 1, now);
  }
  throw new Error(`no ${form} signing key after ${MAX_TRIES} tries`);
}

/**
 * The envelope form's key (the first credentials'), recorded as generation 1 of its form
 * when this machine has it; null when it has not, when the table knows another one, or
 * when it leaked.
 */
export async function envelopeKey(store: KeyStore, now: Date): Promise<SigningKey | null> {
  const legacy = store.legacyKey;
  if (!legacy) return null;
  const publicJwk = ed25519Jwk(legacy);
  const kid = `${store.publicUrl}${ISSUER_PATH}#${await calculateJwkThumbprint(publicJwk as JWK)}`;
  let doc = await repo.keyByKid(kid);
  if (!doc) {
    // Its private part stays where it was (CREDENTIAL_SIGNING_KEY or its own file): no file name here.
    await repo.insertKey({ kid, form: 'envelope', generation: 1, alg: 'EdDSA', publicJwk, file: '', from: now });
    doc = await repo.keyByKid(kid);
  }
  if (!doc || doc.form !== 'envelope' || doc.compromisedSince) return null;
  return { doc, privateKey: legacy };
}

/**
 * At start: a usable key for each form (made when there is none), and this machine's
 * envelope key recorded, so that the issuer profile lists them before the first download.
 */
export async function prepareKeys(store: KeyStore, now: Date): Promise<void> {
  await envelopeKey(store, now);
  for (const form of ROTATING_FORMS) await currentKey(store, form, now);
}

/** Every key's public part, recording this machine's envelope key first if it has one. */
export async function publishedKeys(store: KeyStore, now: Date): Promise<CredentialKeyDoc[]> {
  await envelopeKey(store, now);
  return repo.allKeys();
}

/** A new key for the next signatures of each rotating form (`npm run credentials:new-key`). */
export async function rotateKeys(store: KeyStore, now: Date): Promise<CredentialKeyDoc[]> {
  const made: CredentialKeyDoc[] = [];
  for (const form of ROTATING_FORMS) {
    const newest = (await repo.keysOfForm(form)).at(-1);
    const doc = await createKey(store, form, (newest?.generation ?? 0) + 1, now);
    if (!doc) throw new Error(`${form}: another process made a key at the same moment; run the command again`);
    made.push(doc);
  }
  return made;
}

/**
 * Marks a key as leaked since `since`: what it signed from then on reads "à réémettre".
 * When it was its form's current key, a new key signs from now on.
 */
export async function retireKey(
  store: KeyStore,
  kid: string,
  since: Date,
  now: Date,
): Promise<{ key: CredentialKeyDoc; replacement?: CredentialKeyDoc } | null> {
  const before = await repo.keyByKid(kid);
  if (!before) return null;
  const key = (await repo.closeKey(kid, { until: now, compromisedSince: since }))!;
  if (key.form === 'envelope') return { key };
  const newest = (await repo.keysOfForm(key.form)).at(-1);
  if (newest?.kid !== kid) return { key };
  const replacement = await createKey(store, key.form, key.generation + 1, now);
  return { key, replacement: replacement ?? undefined };
}

/** A key named by its kid, or by the thumbprint its kid ends with. */
export async function findKey(store: KeyStore, ref: string): Promise<CredentialKeyDoc | null> {
  const candidates = /^[A-Za-z0-9_-]{43}$/.test(ref)
    ? [keyUrl(store.publicUrl, ref), `${store.publicUrl}${ISSUER_PATH}#${ref}`]
    : [ref];
  for (const kid of candidates) {
    const key = await repo.keyByKid(kid);
    if (key) return key;
  }
  return null;
}

// ---------- making and reading keys ----------

/**
 * Writes the private part first (so a recorded key always has one here), then records
 * the public part; a lost race removes the file again. Null when the generation was taken.
 */
async function createKey(store: KeyStore, form: RotatingForm, generation: number, now: Date) {
  const { privateKey } =
    form === 'jwt' ? await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 }) : await generate('ed25519');
  const publicJwk = jwkOf(privateKey);
  const thumbprint = await calculateJwkThumbprint(publicJwk as JWK);
  const file = `${thumbprint}.pem`;
  const filePath = path.join(store.dir, file);
  mkdirSync(store.dir, { recursive: true, mode: 0o700 });
  // 0600 from the first byte, and never over an existing file.
  writeFileSync(filePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  const doc: Omit<CredentialKeyDoc, '_id'> = {
    kid: keyUrl(store.publicUrl, thumbprint),
    form,
    generation,
    alg: form === 'jwt' ? 'RS256' : 'EdDSA',
    publicJwk,
    ...(form === 'data-integrity' ? { publicKeyMultibase: await multibaseOf(publicJwk) } : {}),
    file,
    from: now,
  };
  if (!(await repo.insertKey(doc))) {
    unlinkSync(filePath);
    return null;
  }
  store.cache.set(doc.kid, privateKey);
  const previous = (await repo.keysOfForm(form)).find((k) => k.generation === generation - 1);
  if (previous) await repo.closeKey(previous.kid, { until: now });
  return (await repo.keyByKid(doc.kid))!;
}

/** The private part of a recorded key, from the cache or its file; null when this machine has none. */
function readPrivateKey(store: KeyStore, doc: CredentialKeyDoc): KeyObject | null {
  const cached = store.cache.get(doc.kid);
  if (cached) return cached;
  if (!doc.file || path.basename(doc.file) !== doc.file) return null;
  let pem: string;
  try {
    pem = readFileSync(path.join(store.dir, doc.file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = createPrivateKey(pem);
  // A file that does not hold the recorded key is not this key's private part.
  const x = jwkOf(key);
  if (JSON.stringify(x) !== JSON.stringify(doc.publicJwk)) return null;
  store.cache.set(doc.kid, key);
  return key;
}

/** The public JWK, members in a fixed order (RSA: kty, n, e; Ed25519: kty, crv, x). */
function jwkOf(privateKey: KeyObject): Record<string, string> {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return jwk.kty === 'RSA' ? { kty: 'RSA', n: String(jwk.n), e: String(jwk.e) } : ed25519Jwk(privateKey);
}

function ed25519Jwk(key: KeyObject): Record<string, string> {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) };
}

async function multibaseOf(publicJwk: Record<string, string>): Promise<string> {
  const key = await ed25519FromJwk({ jwk: publicJwk });
  return (await key.export({ publicKey: true })).publicKeyMultibase as string;
}
