export { residentsRouter } from './residents.routes.js';
export { residentRecordRouter, RESIDENT_UPLOAD_PATH } from './resident-record.routes.js';
export { residentEditRouter } from './resident-edit.routes.js';
export { supportEntryRouter } from './support-entry.routes.js';
export type { RecordPages } from './record-pages.js';
export {
  findResidentOfUser,
  residentRefsByIds,
  recordContact,
  addMissingSearchKeys,
  createResident,
  createAccountFromRecord,
  recordNotice,
  getIdentity,
  identityOf,
  type ResidentRef,
} from './resident.service.js';
export { residentPicksByIds, searchResidentPicks, type ResidentPick } from './resident-picker.service.js';
export { residentsToFollowUp } from './resident-list.service.js';
export { rebuildResidentParts, residentPartsMigration } from './resident-parts.service.js';
export { residentForReader } from './resident-access.js';
export { residentAudit, subject as residentSubject } from './resident-audit.js';
export { addMissingFileResidents, listAttachments } from './attachment.service.js';
export { householdOfRecord, supportEntriesOfResident } from './record-parts.service.js';
export {
  anonymiseIdentity,
  eraseSupportData,
  residentsDueForRetention,
  residentToErase,
  type ErasableResident,
} from './resident-erasure.service.js';
export { buildTimeline } from './resident-rules.js';
export { contractsOfEntries } from './contract-rules.js';
export { upcomingDeadlines, type UpcomingDeadline } from './contract.service.js';
export { normalise } from './resident-rules.js';
export { anonymousProfilesOfSite } from './resident-export.service.js';
export { residentBackfills } from './resident-backfill.js';
export { fillSiteBuildings, rekeyHouseholds } from './household.service.js';
export {
  HOUSEHOLD_ACTIVITY,
  SUPPORT_ENTRY_ACTIVITY,
  type HouseholdActivity,
  type SupportEntryActivity,
} from './resident.activity.js';
export { addEntry } from './support.service.js';
export type { EntryInput } from './support-forms.js';
