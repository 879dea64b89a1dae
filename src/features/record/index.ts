/**
 * A resident's whole record, on top of every feature: the record page and the
 * resident's own (identity, support, sessions, progress, certificates), the export,
 * the erasure and the retention rule, each composed from the features' own reads and
 * erasures. The residents router shows these pages (createApp hands them over).
 */
import type { RecordPages } from '../residents/index.js';
import { auditTrail, eraseResident, exportResident } from './privacy.service.js';
import { getOwnRecord, getRecord } from './record.service.js';

export { runRetention } from './privacy.service.js';

export const recordPages: RecordPages = { getRecord, getOwnRecord, exportResident, eraseResident, auditTrail };
