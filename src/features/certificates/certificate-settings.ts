/**
 * What each app reads from its content and configuration: the certificate rules
 * (content/socle.yaml, checked against the catalogue) and the public address of the
 * check page. createApp loads them; no module state.
 */
import type { KeyObject } from 'node:crypto';
import { catalogue, type Module } from '../workshops/index.js';
import { appScoped } from '../../platform/app-scope.js';
import { certificateRules, type CertificateRule, type SocleRules } from './eligibility.js';
import { keyStore, type KeyStore } from './credential-keys.js';
import { loadSocleRules } from './socle-rules.js';

// ---------- start-up: the rules from content/ and the public address, per app ----------

export interface CertificateSettings {
  socle: SocleRules | null;
  publicUrl: string;
  /** The signing keys: public parts in the database, private parts under DATA_DIR (credential-keys.ts). */
  keys: KeyStore;
}

export interface CertificateSettingsOptions {
  publicUrl: string;
  dataDir: string;
  /** The Ed25519 key of the first credentials (envelope form), when this machine has it. */
  legacySigningKey?: KeyObject;
}

const settings = appScoped<CertificateSettings>('certificate settings');

/** Reads content/socle.yaml, checked against the modules: a broken file stops the start. */
export async function loadCertificateSettings(
  contentDir: string,
  modules: readonly Module[],
  opts: CertificateSettingsOptions,
): Promise<CertificateSettings> {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  return {
    socle: await loadSocleRules(contentDir, modules),
    publicUrl,
    keys: keyStore(publicUrl, opts.dataDir, opts.legacySigningKey),
  };
}

/** An app's settings, bound to its requests and jobs (platform/app-scope.ts). */
export const certificateSettingsBinding = (value: CertificateSettings) => settings.bind(value);

/**
 * For scripts outside any app (the demo seed), after initCatalogue. An app's settings, if
 * one was built in this process (tests), stay the default: its key signs what is issued.
 */
export async function initCertificates(contentDir: string, opts: CertificateSettingsOptions): Promise<void> {
  settings.setDefault(await loadCertificateSettings(contentDir, catalogue().modules, opts), { ifUnset: true });
}

export const certificateSettings = () => settings.get();

export const verifyUrlOf = (code: string) => `${settings.get().publicUrl}/verifier/${code}`;

export function rules(): CertificateRule[] {
  return certificateRules(catalogue().modules, settings.get().socle);
}
