export { auditRouter } from './audit.routes.js';
