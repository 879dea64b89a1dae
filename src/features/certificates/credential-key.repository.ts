/**
 * Every read and write of the issuer's key table (credential-key.model.ts). Reads are
 * equalities on indexed top-level fields (test/http/query-pushdown.test.ts explains
 * each builder); the table holds a few keys per form, so reading a form whole is cheap.
 */
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import { isDuplicateKey } from '../../platform/ids.js';
import { findBy, namedQueries } from '../../platform/repository.js';
import { CredentialKey } from './credential-key.model.js';
import { KEY_FORMS, type CredentialKeyDoc, type KeyForm } from './credential-key.types.js';

const build = {
  keysOfForm: (form: KeyForm) => ({ model: CredentialKey, filter: { form } }),
  keyByKid: (kid: string) => ({ model: CredentialKey, filter: { kid } }),
};

export const credentialKeyQueries = namedQueries(build, {
  keysOfForm: ['jwt'],
  keyByKid: ['https://numerique.example.fr/emetteur/cles/abc'],
});

/** The keys of one form, oldest generation first. */
export async function keysOfForm(form: KeyForm): Promise<CredentialKeyDoc[]> {
  const rows = await findBy(build.keysOfForm(form)).lean<CredentialKeyDoc[]>();
  return rows.sort((a, b) => a.generation - b.generation);
}

/** Every key ever used, by form then generation. */
export async function allKeys(): Promise<CredentialKeyDoc[]> {
  return (await Promise.all(KEY_FORMS.map(keysOfForm))).flat();
}

export const keyByKid = (kid: string) => findBy(build.keyByKid(kid)).findOne().lean<CredentialKeyDoc>();

/**
 * Records a new key; false when that generation of that form is taken already (another
 * start or a rotation got there first: the unique index is the judge), or that key is.
 */
export async function insertKey(key: Omit<CredentialKeyDoc, '_id'>): Promise<boolean> {
  try {
    await CredentialKey.create(key);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** The end of a key's use (a newer one took over, or it leaked), set once. */
export async function closeKey(kid: string, fields: { until: Date; compromisedSince?: Date }): Promise<CredentialKeyDoc | null> {
  return withDocumentLock(documentKey('credential_keys', kid), async () => {
    const key = await keyByKid(kid);
    if (!key) return null;
    const set: Record<string, Date> = {};
    if (!key.until) set.until = fields.until;
    if (fields.compromisedSince && !key.compromisedSince) set.compromisedSince = fields.compromisedSince;
    if (Object.keys(set).length) await CredentialKey.updateOne(build.keyByKid(kid).filter, { $set: set });
    return { ...key, ...set };
  });
}
