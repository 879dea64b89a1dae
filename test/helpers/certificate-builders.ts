/** Small data builders for the certificate tests: a leader, a resident, a module validated. */
import mongoose from 'mongoose';
import { ensureAccount, type SessionUser } from '../../src/features/accounts/index.js';
import { setValidation } from '../../src/features/progress/index.js';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { loggedIn, makeUser, PASSWORD, type Agent } from './http.js';

export const SITE = 'Kérourien (test)';
export const MODULE = 'decouvrir-ordinateur';

export async function aLeader(username = 'anim.test', site = SITE): Promise<{ user: SessionUser; agent: Agent }> {
  const { user } = await makeUser(username, 'leader', site);
  return { user, agent: await loggedIn(username) };
}

export async function aResident(username: string, displayName: string, site = SITE): Promise<SessionUser> {
  const s = await findOrCreateSite({ name: site });
  const { user } = await ensureAccount({ username, password: PASSWORD, role: 'resident', displayName, siteId: s.id });
  return user;
}

/** Every skill of `module` validated for `userId` by `by`, straight into the progress document. */
export async function validatedModule(userId: string, by: SessionUser, module = MODULE, now = new Date()): Promise<void> {
  for (const s of catalogue().moduleById.get(module)!.skills) {
    await setValidation(
      userId,
      s.id,
      { by: new mongoose.Types.ObjectId(by.id), byName: by.displayName, date: now, method: 'atelier', level: 'seul', at: now },
      now,
    );
  }
}
