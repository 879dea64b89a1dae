/**
 * `npm run create-coordinator -- <username> "<display name>"`: creates the first
 * coordinator from the command line; the password is typed, never passed as an argument.
 */
import { createInterface } from 'node:readline/promises';
import { createFirstCoordinator } from '../src/features/accounts/accounts.service.js';
import { PASSWORD_MIN, USERNAME_PATTERN } from '../src/features/accounts/account-rules.js';
import { withDatabase } from './with-database.js';

const [username, displayName] = process.argv.slice(2);
if (!username || !displayName || !USERNAME_PATTERN.test(username)) {
  process.stderr.write('Usage : npm run create-coordinator -- prenom.nom "Prénom Nom"\n');
  process.exit(1);
}
const rl = createInterface({ input: process.stdin, output: process.stdout });
const password = await rl.question(`Mot de passe (au moins ${PASSWORD_MIN} caractères) : `);
rl.close();
if (password.length < PASSWORD_MIN) {
  process.stderr.write('Mot de passe trop court.\n');
  process.exit(1);
}
await withDatabase(async () => {
  await createFirstCoordinator({ username, displayName, password });
  process.stdout.write(`Compte coordinateur « ${username} » créé.\n`);
});
