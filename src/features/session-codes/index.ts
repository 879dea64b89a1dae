/**
 * Workshops' short codes: a leader opens a resident's session on a space computer. On top
 * of accounts (login, throttle) and sessions (who is present, when).
 */
export { sessionCodesRouter } from './session-codes.routes.js';
export { sessionCodeAudit } from './session-code.service.js';
