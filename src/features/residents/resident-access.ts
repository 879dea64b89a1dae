/**
 * Object-level access to a resident record, checked in one place:
 * a leader reaches only the residents of their own site; a resident only their own
 * record, read-only; a coordinator no record at all (they see anonymous statistics).
 */
import type { SessionUser } from '../accounts/index.js';
import { Forbidden, NotFound } from '../../platform/errors.js';
import { findResidentById, type ResidentDoc } from './resident.repository.js';
import { parseId } from '../../platform/ids.js';

async function load(id: string): Promise<ResidentDoc> {
  const r = await findResidentById(parseId(id));
  if (!r) throw new NotFound();
  return r;
}

/** For staff actions (view, change, export, erase): a leader of the resident's site. */
export async function residentForStaff(actor: SessionUser, id: string): Promise<ResidentDoc> {
  if (actor.role !== 'leader' || !actor.siteId) throw new Forbidden();
  const r = await load(id);
  if (String(r.site) !== actor.siteId) throw new Forbidden();
  return r;
}

/** For reading: the site's leader, or the resident whose record it is. */
export async function residentForReader(actor: SessionUser, id: string): Promise<ResidentDoc> {
  if (actor.role === 'leader') return residentForStaff(actor, id);
  if (actor.role !== 'resident') throw new Forbidden();
  const r = await load(id);
  if (String(r.user ?? '') !== actor.id || r.anonymisedAt) throw new Forbidden();
  return r;
}

/** A changeable record: staff only, and never an anonymised one. */
export async function activeResidentForStaff(actor: SessionUser, id: string): Promise<ResidentDoc> {
  const r = await residentForStaff(actor, id);
  if (r.anonymisedAt) throw new Forbidden('residents.errors.anonymised');
  return r;
}
