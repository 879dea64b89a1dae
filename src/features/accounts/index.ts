export { accountsRouter, mustChangePasswordGate, rememberLanguage } from './accounts.routes.js';
export { configurePassport } from './passport.js';
export { ensureAccount, findSessionUser, type SessionUser } from './accounts.service.js';
export { proposeUsername } from './account-rules.js';
export { ROLES, type Role } from './user.model.js';
export { linkResidentAccount, anonymiseResidentAccount } from './resident-link.js';
export { createResidentAccount } from './accounts.service.js';
export { listManagedAccounts, type AccountView } from './accounts.service.js';
export { DEMO_PASSWORD, DEMO_SITE } from './accounts.demo.js';
