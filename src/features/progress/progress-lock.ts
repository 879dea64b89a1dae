import { documentKey, withDocumentLock } from '../../platform/document-lock.js';

/**
 * Every write of a learner's progress document and of its overview goes through here:
 * FerretDB 1.24 loses concurrent updates of one document (see platform/document-lock.ts),
 * and the overview changes with the document it sums up.
 */
export const withProgressLock = <T>(userId: string, fn: () => Promise<T>) =>
  withDocumentLock(documentKey('progress', userId), fn);
