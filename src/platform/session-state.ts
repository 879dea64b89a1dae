/**
 * What a request knows about its login session, without the database: the idle settings
 * of its app, whether it came with a session cookie, whether it counts as activity, and
 * when the session ends (session-times.ts). sessions.ts stores the sessions.
 */
import type { SessionData } from 'express-session';
import type { Request, Response } from 'express';
import type { Role } from './session-user.js';
import { cookieExpiry, endOf, shownEnd, timesAtLogin, warningAt, type IdleSettings } from './session-times.js';

declare module 'express-session' {
  interface SessionData {
    /**
     * Set by the store when it reads a session (ms since epoch of the last stored write);
     * never stored. It tells `touch` whether a write is due and `set` that the session
     * already exists, so that a session ended meanwhile is not written back.
     */
    storedAt?: number;
    passport?: { user?: string };
    /** How long the session may stay without a request (session-times.ts). */
    idleMs?: number;
    /** When it ends however active (ms since epoch). */
    endsAt?: number;
    /** "Ordinateur partagé" was ticked at login. */
    sharedComputer?: boolean;
    /** Opened with a workshop's short code, no password typed (features/session-codes). */
    byCode?: boolean;
    /** The language chosen during this session (`?lng=`), over the account's own. */
    lang?: 'fr' | 'en';
  }
}

/** Sessions whose request is not activity (the warning page, the status check). */
const notActivity = new WeakSet<object>();
/** Sessions whose activity is written now whatever the last write ("Rester connecté"). */
const keptAlive = new WeakSet<object>();

export const isNotActivity = (sess: object) => notActivity.has(sess);
export const isKeptAlive = (sess: object) => keptAlive.has(sess);

export const hasTimes = (s: Partial<SessionData>): s is SessionData & { idleMs: number; endsAt: number } =>
  typeof s.idleMs === 'number' && typeof s.endsAt === 'number';

interface RequestSessionInfo {
  settings: IdleSettings;
  cookieName: string;
  secure: boolean;
  /** The request came with a session cookie. */
  hadCookie: boolean;
}
const requestInfo = new WeakMap<Request, RequestSessionInfo>();

function hasCookie(req: Request, name: string): boolean {
  return (req.headers.cookie ?? '').split(';').some((part) => part.trim().startsWith(`${name}=`));
}

/** Called right after express-session, for every request. */
export function registerSessionRequest(req: Request, info: Omit<RequestSessionInfo, 'hadCookie'>): void {
  requestInfo.set(req, { ...info, hadCookie: hasCookie(req, info.cookieName) });
}

/**
 * Before `req.login` (with `keepSessionInfo`): the new session's times, and its cookie's
 * expiry. The session that the login replaces is left as a visitor's, never stored.
 */
export function prepareLoginSession(req: Request, role: Role, sharedComputer: boolean, now = Date.now()): void {
  const info = requestInfo.get(req);
  if (!info) throw new Error('sessionMiddleware must run first');
  const times = timesAtLogin(role, sharedComputer, now, info.settings);
  const s = req.session;
  delete s.storedAt;
  Object.assign(s, times);
  s.cookie.expires = cookieExpiry(role, times) ?? undefined;
}

/** Before a new session id for the same login (`req.login` with `keepSessionInfo`): written as a new document. */
export function prepareNewSessionId(req: Request): void {
  delete req.session.storedAt;
}

/** This request is not activity: the session's end stays where it was. */
export function notActivityRequest(req: Request): void {
  if (req.session) notActivity.add(req.session);
}

/** "Rester connecté": this request's activity is written now. */
export function keepSessionAlive(req: Request): void {
  if (req.session) keptAlive.add(req.session);
}

/** The idle settings of this request's app. */
export function idleSettingsOf(req: Request): IdleSettings {
  const info = requestInfo.get(req);
  if (!info) throw new Error('sessionMiddleware must run first');
  return info.settings;
}

/** The request came with a session cookie but without a live login: its session ended. */
export function sessionEnded(req: Request): boolean {
  return Boolean(requestInfo.get(req)?.hadCookie) && !req.user;
}

/** Takes the session cookie out of the browser (at logout, or once its session has ended). */
export function clearSessionCookie(req: Request, res: Response): void {
  const info = requestInfo.get(req);
  if (info?.hadCookie) res.clearCookie(info.cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: info.secure });
}

export interface SessionEnd {
  /** When the session ends without a request. */
  endsAt: Date;
  /** When the page warns (a minute before, by default). */
  warnAt: Date;
  /** How long the warning comes before the end (ms). */
  warningMs: number;
  /** The idle time of this session (ms). */
  idleMs: number;
}

/** When the signed-in user's session ends if nothing more happens (null for a visitor). */
export function sessionEndOf(req: Request, now = Date.now()): SessionEnd | null {
  const info = requestInfo.get(req);
  const s = req.session as Partial<SessionData> | undefined;
  if (!info || !req.user || !s || !hasTimes(s)) return null;
  const end = isKeptAlive(s)
    ? endOf(now, s)
    : shownEnd(s.storedAt, now, s, { touchAfterMs: info.settings.touchAfterMs, activity: !isNotActivity(s) });
  return {
    endsAt: new Date(end),
    warnAt: new Date(warningAt(end, now, info.settings.warningMs)),
    warningMs: info.settings.warningMs,
    idleMs: s.idleMs,
  };
}
