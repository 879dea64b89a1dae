/**
 * A resident's whole record, on top of every feature: the record page and the
 * resident's own (identity, support, sessions, progress, certificates), the export,
 * the erasure and the retention rule, each composed from the features' own reads and
 * erasures. createApp hands the record's reader to the residents' record page.
 */
import type { RecordPages } from '../residents/index.js';
import { getRecord } from './record.service.js';

export { runRetention } from './privacy.service.js';
export { recordRouter } from './record.routes.js';
export { recordAudit } from './record-audit.js';

export const recordPages: RecordPages = { getRecord };
