/**
 * What the support record (features/residents) needs from accounts: link an account
 * to its resident record, and take the personal data out of it on erasure.
 */
import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import mongoose from 'mongoose';
import { withDocumentLock } from '../../platform/document-lock.js';
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
  return withDocumentLock(userKey(userId), async () => {
    const before = await findUserById(new mongoose.Types.ObjectId(userId));
    if (before?.role !== 'resident') return null;
    await updateResidentAccount(new mongoose.Types.ObjectId(userId), {
      $set: {
        username: `anonyme-${tag}`,
        displayName: 'Anonyme',
        // The letter of the name: it goes with it, as the residents' does.
        initial: '#',
        passwordHash,
        mustChangePassword: false,
      },
      $unset: { email: 1 },
    });
    return before.username ?? null;
  });
}
