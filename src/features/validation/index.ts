export { validationRouter } from './validation.routes.js';
export { myValidationHistory, type HistoryRow } from './validation.service.js';
