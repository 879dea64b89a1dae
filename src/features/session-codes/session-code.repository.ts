/**
 * Reads and writes of workshops' short codes: equalities on `_id` only (the code's hash).
 * test/helpers/query-registry.ts lists these for the explain tests.
 */
import mongoose from 'mongoose';
import { isDuplicateKey } from '../../platform/ids.js';
import { namedQueries } from '../../platform/repository.js';
import { SessionCode, SessionCodeUse } from './session-code.model.js';

type Id = mongoose.Types.ObjectId;

const build = {
  codeByHash: (hash: string) => ({ model: SessionCode, filter: { _id: hash } }),
  codeUse: (hash: string) => ({ model: SessionCodeUse, filter: { _id: hash } }),
};
export const sessionCodeQueries = namedQueries(build, { codeByHash: ['0'.repeat(64)], codeUse: ['0'.repeat(64)] });

export interface SessionCodeDoc {
  _id: string;
  session: Id;
  moduleId: string;
  resident: Id;
  user: Id;
  site: Id;
  issuedBy: Id;
  expiresAt: Date;
}

export const findSessionCode = (hash: string) => SessionCode.findOne(build.codeByHash(hash).filter).lean<SessionCodeDoc>();

/** Stores a new code: false when one alike is already stored (the caller draws another). */
export async function insertSessionCode(doc: SessionCodeDoc): Promise<boolean> {
  try {
    await SessionCode.create(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/** Marks a code used: false when it was already (the unique `_id` refuses a second insert). */
export async function claimSessionCode(hash: string, user: Id): Promise<boolean> {
  try {
    await SessionCodeUse.create({ _id: hash, user });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
