/**
 * What each app reads from its content and configuration: the certificate rules
 * (content/socle.yaml, checked against the catalogue) and the public address of the
 * check page. createApp loads them; no module state.
 */
import { catalogue, type Module } from '../workshops/index.js';
import { appScoped } from '../../platform/app-scope.js';
import { certificateRules, type CertificateRule, type SocleRules } from './eligibility.js';
import { loadSocleRules } from './socle-rules.js';

// ---------- start-up: the rules from content/ and the public address, per app ----------

export interface CertificateSettings {
  socle: SocleRules | null;
  publicUrl: string;
}

const settings = appScoped<CertificateSettings>('certificate settings');

/** Reads content/socle.yaml, checked against the modules: a broken file stops the start. */
export async function loadCertificateSettings(
  contentDir: string,
  modules: readonly Module[],
  opts: { publicUrl: string },
): Promise<CertificateSettings> {
  return { socle: await loadSocleRules(contentDir, modules), publicUrl: opts.publicUrl.replace(/\/+$/, '') };
}

/** Binds an app's settings to its requests (and makes them the default if none are). */
export function certificateSettingsMiddleware(value: CertificateSettings) {
  settings.setDefault(value, { ifUnset: true });
  return settings.middleware(value);
}

/** For scripts outside any app (the demo seed), after initCatalogue. */
export async function initCertificates(contentDir: string, opts: { publicUrl: string }): Promise<void> {
  settings.setDefault(await loadCertificateSettings(contentDir, catalogue().modules, opts));
}

export const verifyUrlOf = (code: string) => `${settings.get().publicUrl}/verifier/${code}`;

export function rules(): CertificateRule[] {
  return certificateRules(catalogue().modules, settings.get().socle);
}
