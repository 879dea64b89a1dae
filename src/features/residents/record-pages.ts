/**
 * The pages of a whole record (the record page, the resident's own, export, erasure,
 * the audit journal) are composed above this feature, from every feature's reads and
 * erasures (src/features/record/). createApp hands them to residentsRouter, so that
 * residents imports none of the features built on it.
 */
import type { SessionUser } from '../accounts/index.js';
import type { Page } from '../../platform/paging.js';

export interface RecordPages {
  getRecord(actor: SessionUser, residentId: string): Promise<{ resident: { firstName: string; lastName: string } }>;
  getOwnRecord(actor: SessionUser): Promise<unknown>;
  exportResident(actor: SessionUser, residentId: string, now: Date): Promise<unknown>;
  eraseResident(actor: SessionUser, residentId: string, now: Date): Promise<void>;
  auditTrail(actor: SessionUser, filter: { subject?: string; month: string }, page: number): Promise<Page<unknown>>;
}
