/**
 * For a script that runs the features' services outside any request (seed:demo,
 * seed:scale, stats:rebuild): the app's scope (catalogue, activity listeners) and its
 * certificate settings, made the process default, as createApp binds them to requests.
 */
import path from 'node:path';
import { loadAppScope } from '../src/app.js';
import type { Config } from '../src/config.js';
import { certificateSettingsBinding, loadCertificateSettings } from '../src/features/certificates/index.js';

export async function useAppScope(config: Config): Promise<void> {
  const { catalogue, scope } = await loadAppScope(path.join(config.ROOT_DIR, 'content'));
  scope.makeDefault();
  const settings = await loadCertificateSettings(path.join(config.ROOT_DIR, 'content'), catalogue.modules, {
    publicUrl: config.PUBLIC_URL,
    dataDir: config.DATA_DIR,
    legacySigningKey: config.CREDENTIAL_SIGNING_KEY,
  });
  certificateSettingsBinding(settings).makeDefault();
}
