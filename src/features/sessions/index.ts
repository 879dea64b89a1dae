export { sessionsRouter } from './sessions.routes.js';
export {
  getSessionAttendees,
  listSessions,
  listSessionsOfResident,
  createSession,
  setAttendance,
  type SessionView,
} from './session.service.js';
