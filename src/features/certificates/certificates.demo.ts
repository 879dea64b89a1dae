/**
 * Demo for `npm run seed:demo`, after the validations: anim.demo has issued marie.demo's
 * and karim.demo's certificates "Découvrir l'ordinateur". Running it again changes nothing.
 */
import path from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SITE, ensureAccount } from '../accounts/index.js';
import { findOrCreateSite } from '../sites/index.js';
import { loadConfig } from '../../config.js';
import { issueCertificate } from './certificate-issue.service.js';
import { initCertificates } from './certificate-settings.js';

const MODULE = 'decouvrir-ordinateur';

async function demoUser(username: string) {
  const a = DEMO_ACCOUNTS.find((x) => x.username === username)!;
  const site = await findOrCreateSite({ name: DEMO_SITE });
  return (await ensureAccount({ ...a, password: DEMO_PASSWORD, siteId: site.id, demo: true })).user;
}

export async function seedDemoCertificates(): Promise<{ created: string[] }> {
  const config = loadConfig();
  await initCertificates(path.join(config.ROOT_DIR, 'content'), {
    publicUrl: config.PUBLIC_URL,
    dataDir: config.DATA_DIR,
    legacySigningKey: config.CREDENTIAL_SIGNING_KEY,
  });
  const [leader, ...residents] = await Promise.all(['anim.demo', 'marie.demo', 'karim.demo'].map(demoUser));
  const out: string[] = [];
  for (const resident of residents) {
    const { certificate, created } = await issueCertificate(leader!, resident.id, MODULE, new Date());
    if (created) out.push(`attestation ${certificate.code}`);
  }
  return { created: out };
}
