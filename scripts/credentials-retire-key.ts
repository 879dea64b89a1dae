/**
 * `npm run credentials:retire-key -- KID --compromised-since DATE`: a key leaked. What it
 * signed from DATE on reads "à réémettre" on /verifier; the holder gets a credential
 * signed by another key at the next download. When it was the current key, a new one
 * takes over now. DATE: 2026-12-01 (from 0:00 in France) or a full ISO date and time.
 */
import { parseArgs } from 'node:util';
import { findKey, retireKey } from '../src/features/certificates/credential-keys.js';
import { describeKey, sinceOf, storeOf } from './credentials-keys.js';
import { withDatabase } from './with-database.js';

const USAGE = 'Usage : npm run credentials:retire-key -- KID --compromised-since AAAA-MM-JJ\n';

let ref: string;
let since: Date;
try {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'compromised-since': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error('une clé / one key (its kid, or the end of it)');
  const date = values['compromised-since'] ? sinceOf(values['compromised-since']) : null;
  if (!date) throw new Error('--compromised-since : une date, par ex. 2026-12-01 / a date, e.g. 2026-12-01');
  ref = positionals[0]!;
  since = date;
} catch (err) {
  process.stderr.write(`${USAGE}${(err as Error).message}\n`);
  process.exit(2);
}

await withDatabase(async ({ config }) => {
  const store = storeOf(config);
  const key = await findKey(store, ref);
  if (!key) {
    process.stderr.write(`Aucune clé n’a cet identifiant. / No key has this id: ${ref}\n`);
    process.exitCode = 1;
    return;
  }
  const done = (await retireKey(store, key.kid, since, new Date()))!;
  process.stdout.write(
    'Clé marquée compromise / key marked compromised:\n' +
      describeKey(done.key) +
      '\n' +
      (done.replacement
        ? `Nouvelle clé, qui signe dès maintenant / new key, signing from now on:\n${describeKey(done.replacement)}\n`
        : ''),
  );
});
