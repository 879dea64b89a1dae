/**
 * When a login session ends, as pure rules of plain numbers (ms since epoch) and an
 * explicit `now`: a shared computer must forget its last user.
 * - It ends after a while without a request: 20 minutes for a resident, 60 for a leader or
 *   a coordinator, 5 for anyone who ticked "Ordinateur partagé" at login.
 * - It ends at the latest a working day (8 hours) after the login, however active.
 * - A resident's cookie, and anyone's on a shared computer, ends with the browser.
 * Activity is written at most every `touchAfterMs` (and at least twenty times per idle
 * time), so the server's end is counted from the last write: a page shows that end.
 */
import type { Role } from './session-user.js';

export interface IdleSettings {
  residentIdleMs: number;
  staffIdleMs: number;
  sharedComputerIdleMs: number;
  lifetimeMs: number;
  touchAfterMs: number;
  warningMs: number;
}

/** What a session keeps about its own time, set at login. */
export interface SessionTimes {
  /** How long it may stay without a request. */
  idleMs: number;
  /** When it ends however active. */
  endsAt: number;
  /** "Ordinateur partagé" was ticked at login. */
  sharedComputer: boolean;
}

export function timesAtLogin(role: Role, sharedComputer: boolean, now: number, s: IdleSettings): SessionTimes {
  const byRole = role === 'resident' ? s.residentIdleMs : s.staffIdleMs;
  return {
    idleMs: sharedComputer ? Math.min(byRole, s.sharedComputerIdleMs) : byRole,
    endsAt: now + s.lifetimeMs,
    sharedComputer,
  };
}

/**
 * The session cookie's expiry: none (it ends when the browser closes) for a resident and on
 * a shared computer; the session's own end for leaders and coordinators on their own device.
 */
export function cookieExpiry(role: Role, times: SessionTimes): Date | null {
  return role === 'resident' || times.sharedComputer ? null : new Date(times.endsAt);
}

/** How often activity is written: the setting, but at least twenty times per idle time. */
export function touchEvery(idleMs: number, touchAfterMs: number): number {
  return Math.min(touchAfterMs, Math.floor(idleMs / 20));
}

/** Whether a request's activity is to be written (a session never written yet always is). */
export function activityDue(lastWrite: number | undefined, now: number, idleMs: number, touchAfterMs: number): boolean {
  return lastWrite === undefined || now - lastWrite >= touchEvery(idleMs, touchAfterMs);
}

/** When a session ends if nothing more happens: idle time after its last written activity, or its end. */
export function endOf(lastActivity: number, times: Pick<SessionTimes, 'idleMs' | 'endsAt'>): number {
  return Math.min(lastActivity + times.idleMs, times.endsAt);
}

/**
 * The end a page shows: counted from now when this request's activity is written, from the
 * last write otherwise (and always from the last write for a request that is not activity,
 * such as the warning page or the status check).
 */
export function shownEnd(
  lastWrite: number | undefined,
  now: number,
  times: Pick<SessionTimes, 'idleMs' | 'endsAt'>,
  opts: { touchAfterMs: number; activity: boolean },
): number {
  const written = opts.activity && activityDue(lastWrite, now, times.idleMs, opts.touchAfterMs);
  return endOf(written || lastWrite === undefined ? now : lastWrite, times);
}

/** When the warning comes: `warningMs` before the end, never before now. */
export function warningAt(end: number, now: number, warningMs: number): number {
  return Math.max(now, end - warningMs);
}
