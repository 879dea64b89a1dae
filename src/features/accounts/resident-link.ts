/**
 * What the support record (features/residents) needs from accounts: link an account
 * to its resident record, and take the personal data out of it on erasure.
 */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import mongoose from 'mongoose';
import { withDocumentLock } from '../../platform/document-lock.js';
import { placeName } from '../../platform/name-parts.repository.js';
import { accountParts, accountPlace } from './account-parts.service.js';
import { userKey } from './accounts.service.js';
import { findUserById, updateResidentAccount } from './user.repository.js';

export async function linkResidentAccount(userId: string, residentId: string): Promise<void> {
  await withDocumentLock(userKey(userId), () =>
    updateResidentAccount(new mongoose.Types.ObjectId(userId), { $set: { resident: new mongoose.Types.ObjectId(residentId) } }),
  );
}

/**
 * Erasure of a resident's account: a random username and password (nobody can log in
 * any more), no name, no e-mail. The document stays so that ids held elsewhere
 * (progress, certificates) still point somewhere.
 */
/** Returns the username the account had (it may hold the resident's name), or null. */
export async function anonymiseResidentAccount(userId: string): Promise<string | null> {
  const tag = randomBytes(6).toString('hex');
  const passwordHash = await argon2.hash(randomBytes(32).toString('hex'), { type: argon2.argon2id });
  const id = new mongoose.Types.ObjectId(userId);
  const before = await findUserById(id);
  if (before?.role !== 'resident') return null;
  const write = (namePart: string | null) =>
    withDocumentLock(userKey(userId), () =>
      updateResidentAccount(id, {
        $set: {
          username: `anonyme-${tag}`,
          displayName: 'Anonyme',
          // The letter of the name: it goes with it, as the residents' does.
          initial: '#',
          passwordHash,
          mustChangePassword: false,
          ...(namePart ? { namePart } : {}),
        },
        $unset: { email: 1 },
      }),
    );
  // Its part of the lists: now under #, as "Anonyme", counted under the site's list lock.
  if (before.site) {
    await placeName(accountParts, before.site, { from: before.namePart, to: accountPlace({ _id: id, displayName: 'Anonyme' }) }, write);
  } else await write(null);
  return before.username ?? null;
}
