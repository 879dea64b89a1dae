export { sessionsRouter } from './sessions.routes.js';
export {
  getSessionAttendees,
  listSessionsOfResident,
  createSession,
  setAttendance,
  type SessionView,
} from './session.service.js';
