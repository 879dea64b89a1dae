export { validationRouter } from './validation.routes.js';
export { eraseValidationTexts, myValidationHistory, sessionGrid, type HistoryRow } from './validation.service.js';
export type { CertificatePort, CertificateStatusView } from './certificate-port.js';
