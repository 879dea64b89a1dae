/**
 * A whole record (identity, support, sessions, progress, certificates) is composed above
 * this feature, from every feature's reads (src/features/record/). createApp hands its
 * reader to the record page's router, so that residents imports none of the features
 * built on it.
 */
import type { SessionUser } from '../accounts/index.js';

export interface RecordPages {
  getRecord(actor: SessionUser, residentId: string): Promise<{ resident: { firstName: string; lastName: string } }>;
}
