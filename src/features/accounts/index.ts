export { accountsRouter, mustChangePasswordGate, rememberLanguage } from './accounts.routes.js';
export { configurePassport } from './passport.js';
export { purgeExpiredLoginLimits, resetLoginLimiters } from './login-throttle.js';
export { ensureAccount, findSessionUser, type SessionUser } from './accounts.service.js';
export { proposeUsername } from './account-rules.js';
export { ROLES, type Role } from './user.model.js';
