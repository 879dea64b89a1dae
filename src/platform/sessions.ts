/**
 * Login sessions in the database, so that any instance can serve any request.
 * Our own express-session store rather than connect-mongo, for three reasons:
 * - reading a session is one lookup of exactly `{ _id }` (FerretDB pushes that down to
 *   SQL on every backend); expiry is checked here, in JavaScript, not in the filter;
 * - every write is acknowledged: connect-mongo's interval purge sent a `w: 0` delete,
 *   whose reply FerretDB 1.24 sends anyway and the driver then gave to the next command
 *   (pages for the wrong account). Expired sessions are purged by the maintenance job;
 * - the user's id is a top-level field, so all sessions of one user can be ended.
 * Only a login creates a session (saveUninitialized: false); visitors get none.
 * A session ends after a while without a request, and at the latest a working day after
 * the login (session-times.ts): the stored `expires` is that end, moved on by activity.
 * Each app keeps the sessions it read or wrote in memory for SESSION_CACHE (session-cache.ts).
 */
import session, { type SessionData } from 'express-session';
import type { RequestHandler } from 'express';
import mongoose, { Schema } from 'mongoose';
import type { Config } from '../config.js';
import { isDuplicateKey } from './ids.js';
import { forgetAccount, SessionCache, type CachedSession } from './session-cache.js';
import { hasTimes, isKeptAlive, isNotActivity, registerSessionRequest } from './session-state.js';
import { activityDue, endOf, type IdleSettings } from './session-times.js';

export const SESSIONS_COLLECTION = 'sessions';

/** The session cookie's name: `__Host-` (Secure, whole site, no domain) behind HTTPS. */
export const sessionCookieName = (https: boolean) => (https ? '__Host-krn.sid' : 'krn.sid');

interface StoredSession {
  _id: string;
  /** The session as express-session's MemoryStore keeps it: JSON. */
  data: string;
  /** The logged-in user's id, or null. */
  user: string | null;
  /** When it ends unless a request comes first: idle time after `touchedAt`, or its end. */
  expires: Date;
  touchedAt: Date;
}

const storedSessionSchema = new Schema<StoredSession>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true },
    user: { type: String, default: null },
    expires: { type: Date, required: true },
    touchedAt: { type: Date, required: true },
  },
  { collection: SESSIONS_COLLECTION, versionKey: false },
);
// For a real MongoDB: ending a user's sessions and purging expired ones use them.
storedSessionSchema.index({ user: 1 });
storedSessionSchema.index({ expires: 1 });
export const StoredSessionModel = mongoose.model<StoredSession>('StoredSession', storedSessionSchema);

export class DatabaseSessionStore extends session.Store {
  private readonly cache: SessionCache;

  constructor(private readonly opts: { touchAfterMs: number; cache?: SessionCache }) {
    super();
    this.cache = opts.cache ?? new SessionCache(0);
  }

  /** The session from this app's memory, or from the database (then kept). */
  private async read(sid: string): Promise<CachedSession | null> {
    const cached = this.cache.session(sid);
    if (cached) return cached;
    const mark = this.cache.mark();
    const doc = await DatabaseSessionStore.find(sid).lean<StoredSession>();
    if (doc && typeof doc.data === 'string') this.cache.putSession(sid, doc, mark);
    return doc;
  }

  /** The lookup every logged-in request makes: `{ _id }` and nothing else. */
  static find(sid: string) {
    return StoredSessionModel.findById(sid);
  }

  override get(sid: string, done: (err: unknown, session?: SessionData | null) => void): void {
    this.read(sid).then((doc) => {
      const now = Date.now();
      if (!doc || typeof doc.data !== 'string' || !(doc.expires?.getTime() > now)) return done(null, null);
      let data: SessionData;
      try {
        data = JSON.parse(doc.data) as SessionData;
      } catch {
        return done(null, null);
      }
      // A session from before idle timeouts, or past its end: over.
      if (!hasTimes(data) || data.endsAt <= now) return done(null, null);
      done(null, { ...data, storedAt: doc.touchedAt?.getTime() ?? 0 });
    }, done);
  }

  override set(sid: string, sess: SessionData, done: (err?: unknown) => void = () => undefined): void {
    const { storedAt, ...data } = sess;
    const now = Date.now();
    const doc = {
      data: JSON.stringify(data),
      user: data.passport?.user ? String(data.passport.user) : null,
      // A session without its times (never set by a login) is stored already over.
      expires: new Date(hasTimes(sess) ? endOf(now, sess) : now),
      touchedAt: new Date(now),
    };
    // Whether a document now holds what was written.
    const replace = () =>
      StoredSessionModel.replaceOne({ _id: sid }, doc)
        .exec()
        .then((r) => r.matchedCount === 1);
    // Dropped first: a read meanwhile must not keep the session as it was.
    this.cache.dropSession(sid);
    // A session read from the store is replaced, never re-created: if it was ended
    // meanwhile (logout elsewhere, erasure, password change), it stays ended.
    const write =
      storedAt !== undefined
        ? replace()
        : StoredSessionModel.create({ _id: sid, ...doc }).then(
            () => true,
            (err: unknown) => {
              // Two first writes of one new session: the unique _id lets one insert through.
              if (isDuplicateKey(err)) return replace();
              throw err;
            },
          );
    write.then((stored) => {
      if (stored) this.cache.wroteSession(sid, doc, { add: true });
      done();
    }, done);
  }

  /** Activity: the end moves on, written only when due (or asked for by "Rester connecté"). */
  override touch(sid: string, sess: SessionData, done: (err?: unknown) => void = () => undefined): void {
    const now = Date.now();
    if (isNotActivity(sess) || !hasTimes(sess)) return done();
    if (!isKeptAlive(sess) && !activityDue(sess.storedAt, now, sess.idleMs, this.opts.touchAfterMs)) return done();
    const expires = new Date(endOf(now, sess));
    StoredSessionModel.updateOne({ _id: sid }, { $set: { expires, touchedAt: new Date(now) } })
      .exec()
      .then(() => {
        this.cache.touchedSession(sid, expires, new Date(now));
        done();
      }, done);
  }

  override destroy(sid: string, done: (err?: unknown) => void = () => undefined): void {
    this.cache.dropSession(sid);
    StoredSessionModel.deleteOne({ _id: sid })
      .exec()
      .then(() => {
        this.cache.dropSession(sid);
        done();
      }, done);
  }
}

/**
 * Ends every session of one user (erasure, deactivation, a new password): their next
 * request is a visitor's. `except`: the session that stays (the one that changed the password).
 */
export async function endSessionsOfUser(
  userId: string | mongoose.Types.ObjectId,
  opts: { except?: string } = {},
): Promise<number> {
  const filter = opts.except === undefined ? { user: String(userId) } : { user: String(userId), _id: { $ne: opts.except } };
  forgetAccount(String(userId));
  const res = await StoredSessionModel.deleteMany(filter);
  forgetAccount(String(userId));
  return res.deletedCount;
}

/** For the maintenance job: FerretDB has no TTL index. */
export async function purgeExpiredSessions(now: Date): Promise<number> {
  const res = await StoredSessionModel.deleteMany({ expires: { $lte: now } });
  return res.deletedCount;
}

export type SessionConfig = Pick<
  Config,
  | 'SESSION_SECRET'
  | 'BEHIND_HTTPS_PROXY'
  | 'SESSION_LIFETIME'
  | 'SESSION_TOUCH_AFTER'
  | 'SESSION_CACHE'
  | 'RESIDENT_IDLE_TIMEOUT'
  | 'STAFF_IDLE_TIMEOUT'
  | 'SHARED_COMPUTER_IDLE_TIMEOUT'
  | 'IDLE_WARNING_BEFORE'
>;

export function idleSettings(c: SessionConfig): IdleSettings {
  return {
    residentIdleMs: c.RESIDENT_IDLE_TIMEOUT,
    staffIdleMs: c.STAFF_IDLE_TIMEOUT,
    sharedComputerIdleMs: c.SHARED_COMPUTER_IDLE_TIMEOUT,
    lifetimeMs: c.SESSION_LIFETIME,
    touchAfterMs: c.SESSION_TOUCH_AFTER,
    warningMs: c.IDLE_WARNING_BEFORE,
  };
}

/**
 * express-session with the database store, then what the app needs to know about the
 * session of each request (its settings, whether it came with a session cookie).
 * No max age by default: a cookie ends with the browser unless a login gives it one.
 */
export function sessionMiddleware(config: SessionConfig, cache?: SessionCache): RequestHandler[] {
  const settings = idleSettings(config);
  const cookieName = sessionCookieName(config.BEHIND_HTTPS_PROXY);
  const base = session({
    name: cookieName,
    secret: config.SESSION_SECRET,
    store: new DatabaseSessionStore({ touchAfterMs: config.SESSION_TOUCH_AFTER, cache }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.BEHIND_HTTPS_PROXY, path: '/' },
  });
  const info: RequestHandler = (req, _res, next) => {
    registerSessionRequest(req, { settings, cookieName, secure: config.BEHIND_HTTPS_PROXY });
    next();
  };
  return [base, info];
}
