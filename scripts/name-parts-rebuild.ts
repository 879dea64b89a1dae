/**
 * The lists' parts by name laid out again (`npm run stats:rebuild`, `seed:scale`): the
 * residents' (with each resident's copy of its household) and the resident accounts'
 * (platform/name-parts.ts). Without `check`, the start-up migrations that make the same
 * documents are marked done.
 */
import { rebuildAccountParts } from '../src/features/accounts/index.js';
import { rebuildResidentParts } from '../src/features/residents/index.js';
import { LIST_PART_MIGRATIONS } from '../src/jobs.js';
import { markMigrationDone } from '../src/platform/migrations.js';
import { out, outDifferences } from './progress.js';

export async function rebuildListParts(check: boolean): Promise<{ differences: number; written: number }> {
  const residents = await rebuildResidentParts({ check });
  const accounts = await rebuildAccountParts({ check });
  for (const [name, part] of [
    ['listes des résidents / residents list', residents],
    ['listes des comptes / accounts list', accounts],
  ] as const) {
    out(`${name} : ${part.differences.length} différence(s), ${part.written} écrit(s) / written`);
    outDifferences(part.differences);
  }
  if (!check) for (const name of LIST_PART_MIGRATIONS) await markMigrationDone(name, residents.written + accounts.written);
  return {
    differences: residents.differences.length + accounts.differences.length,
    written: residents.written + accounts.written,
  };
}
