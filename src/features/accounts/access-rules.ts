/**
 * Who may act on what, in one place: pure rules of the signed-in person and the ids of
 * what they act on (a site, the leader who issued a certificate). Services call them
 * before they read or write; they throw Forbidden or answer a boolean.
 */
import { Forbidden } from '../../platform/errors.js';
import type { SessionUser } from './accounts.service.js';

/** A leader with a site, or Forbidden: the site id their actions are bound to. */
export function requireLeader(actor: SessionUser): string {
  if (actor.role !== 'leader' || !actor.siteId) throw new Forbidden();
  return actor.siteId;
}

/** A leader of that very site (what a leader may see and change). */
export function isLeaderOfSite(actor: SessionUser, siteId: unknown): boolean {
  return actor.role === 'leader' && actor.siteId !== null && actor.siteId === String(siteId);
}

/** The staff over a site's records: its leaders, and coordinators everywhere. */
export function isStaffOfSite(actor: SessionUser, siteId: unknown): boolean {
  return actor.role === 'coordinator' || isLeaderOfSite(actor, siteId);
}

/** A certificate is revoked (or re-issued) by a coordinator or the leader who issued it. */
export function canRevokeCertificate(actor: SessionUser, issuedBy: unknown): boolean {
  return actor.role === 'coordinator' || (actor.role === 'leader' && String(issuedBy) === actor.id);
}
