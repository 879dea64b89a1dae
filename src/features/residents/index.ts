export { residentsRouter } from './residents.routes.js';
export {
  findResidentOfUser,
  listResidentRefsOfSite,
  residentRefsByIds,
  recordContact,
  listResidents,
  addMissingSearchKeys,
  type ResidentRef,
} from './resident.service.js';
export type { RecordPages } from './record-pages.js';
export { dateField, optionalText, wholeNumber, todayInFrance } from './form-fields.js';
export { viewFormat } from './view-format.js';
export { normalise } from './resident-rules.js';
