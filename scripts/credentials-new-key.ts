/**
 * `npm run credentials:new-key`: new signing keys for the `.jwt` and `.json` credentials.
 * Works with the app stopped or running: the app reads its current key from the database
 * at each signature. The old keys stay published, so every file handed out still verifies.
 */
import { rotateKeys } from '../src/features/certificates/credential-keys.js';
import { describeKey, storeOf } from './credentials-keys.js';
import { withDatabase } from './with-database.js';

if (process.argv.length > 2) {
  process.stderr.write('Usage : npm run credentials:new-key\n');
  process.exit(2);
}

await withDatabase(async ({ config }) => {
  const made = await rotateKeys(storeOf(config), new Date());
  process.stdout.write(
    'Nouvelles clés : elles signent les prochaines attestations. Les anciennes restent publiées.\n' +
      'New keys: they sign the next credentials. The old ones stay published.\n' +
      made.map(describeKey).join('\n') +
      '\n',
  );
});
