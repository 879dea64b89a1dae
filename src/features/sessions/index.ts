export { sessionsRouter } from './sessions.routes.js';
export {
  getSessionAttendees,
  listSessionsOfResident,
  listSessionsOfWeeks,
  createSession,
  setAttendance,
  demoSessionExists,
  sessionAudit,
  sessionFacts,
  everySessionFacts,
  type SessionFacts,
  type SessionView,
} from './session.service.js';
export { SESSION_ACTIVITY, type SessionActivity } from './session.activity.js';
export { sessionBackfill } from './session-backfill.js';
export { sessionMonthMigration } from './workshop-session.repository.js';
export { rebuildSessionKeys } from './session-rebuild.js';
