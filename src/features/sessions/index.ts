export { sessionsRouter } from './sessions.routes.js';
export {
  getSessionAttendees,
  listSessions,
  listSessionsOfMonth,
  listSessionsOfResident,
  createSession,
  setAttendance,
  demoSessionExists,
  sessionAudit,
  type SessionView,
} from './session.service.js';
export { SESSION_ACTIVITY, type SessionActivity } from './session.activity.js';
export { sessionBackfill } from './session-backfill.js';
export { sessionMonthMigration } from './workshop-session.repository.js';
