/**
 * What each app reads from its content and configuration: the certificate rules
 * (content/socle.yaml, checked against the catalogue) and the public address of the
 * check page. createApp loads them; no module state.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { catalogue, type Module } from '../workshops/index.js';
import { appScoped } from '../../platform/app-scope.js';
import { certificateRules, type CertificateRule, type SocleRules } from './eligibility.js';
import { loadSocleRules } from './socle-rules.js';

// ---------- start-up: the rules from content/ and the public address, per app ----------

export interface CertificateSettings {
  socle: SocleRules | null;
  publicUrl: string;
  signing: SigningKey;
}

/** The issuer's Ed25519 key: the private half signs, the public half is published. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: { kty: string; crv: string; x: string };
  /** The key's id in the credentials' header: the issuer profile URL and the JWK thumbprint (RFC 7638). */
  kid: string;
}

export function signingKeyOf(privateKey: KeyObject, publicUrl: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const publicJwk = { kty: String(jwk.kty), crv: String(jwk.crv), x: String(jwk.x) };
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x }))
    .digest('base64url');
  return { privateKey, publicKey, publicJwk, kid: `${publicUrl}/emetteur#${thumbprint}` };
}

const settings = appScoped<CertificateSettings>('certificate settings');

/** Reads content/socle.yaml, checked against the modules: a broken file stops the start. */
export async function loadCertificateSettings(
  contentDir: string,
  modules: readonly Module[],
  opts: { publicUrl: string; signingKey: KeyObject },
): Promise<CertificateSettings> {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  return {
    socle: await loadSocleRules(contentDir, modules),
    publicUrl,
    signing: signingKeyOf(opts.signingKey, publicUrl),
  };
}

/** An app's settings, bound to its requests and jobs (platform/app-scope.ts). */
export const certificateSettingsBinding = (value: CertificateSettings) => settings.bind(value);

/**
 * For scripts outside any app (the demo seed), after initCatalogue. An app's settings, if
 * one was built in this process (tests), stay the default: its key signs what is issued.
 */
export async function initCertificates(contentDir: string, opts: { publicUrl: string; signingKey: KeyObject }): Promise<void> {
  settings.setDefault(await loadCertificateSettings(contentDir, catalogue().modules, opts), { ifUnset: true });
}

export const certificateSettings = () => settings.get();

export const verifyUrlOf = (code: string) => `${settings.get().publicUrl}/verifier/${code}`;

export function rules(): CertificateRule[] {
  return certificateRules(catalogue().modules, settings.get().socle);
}
