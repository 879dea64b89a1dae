/**
 * The learner a leader acts for (validation, certificates): a resident account of the
 * leader's own site, read once; anything else is refused. Its record, if any, is the
 * residents feature's business.
 */
import { Forbidden, NotFound } from '../../platform/errors.js';
import { parseId } from '../../platform/ids.js';
import { requireLeader } from './access-rules.js';
import { findSessionUser, type SessionUser } from './accounts.service.js';

export interface LearnerForStaff {
  id: string;
  displayName: string;
  siteId: string;
}

/** A resident of the leader's own site; anything else is refused. */
export async function learnerForStaff(actor: SessionUser, userId: string): Promise<LearnerForStaff> {
  const siteId = requireLeader(actor);
  const user = await findSessionUser(String(parseId(userId)));
  if (!user || user.role !== 'resident') throw new NotFound();
  if (user.siteId !== siteId) throw new Forbidden();
  return { id: user.id, displayName: user.displayName, siteId: user.siteId };
}
