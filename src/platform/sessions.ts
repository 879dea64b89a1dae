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
 */
import session, { type SessionData } from 'express-session';
import type { RequestHandler } from 'express';
import mongoose, { Schema } from 'mongoose';
import type { Config } from '../config.js';
import { isDuplicateKey } from './ids.js';

export const SESSION_COOKIE = 'krn.sid';
export const SESSIONS_COLLECTION = 'sessions';

declare module 'express-session' {
  interface SessionData {
    /**
     * Set by the store when it reads a session (ms since epoch of the last stored write);
     * never stored. It tells `touch` whether a write is due and `set` that the session
     * already exists, so that a session ended meanwhile is not written back.
     */
    storedAt?: number;
    passport?: { user?: string };
  }
}

interface StoredSession {
  _id: string;
  /** The session as express-session's MemoryStore keeps it: JSON. */
  data: string;
  /** The logged-in user's id, or null. */
  user: string | null;
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
  constructor(private readonly opts: { lifetimeMs: number; touchAfterMs: number }) {
    super();
  }

  /** The lookup every logged-in request makes: `{ _id }` and nothing else. */
  static find(sid: string) {
    return StoredSessionModel.findById(sid);
  }

  override get(sid: string, done: (err: unknown, session?: SessionData | null) => void): void {
    DatabaseSessionStore.find(sid)
      .lean<StoredSession>()
      .then((doc) => {
        if (!doc || typeof doc.data !== 'string' || !(doc.expires?.getTime() > Date.now())) return done(null, null);
        let data: SessionData;
        try {
          data = JSON.parse(doc.data) as SessionData;
        } catch {
          return done(null, null);
        }
        done(null, { ...data, storedAt: doc.touchedAt?.getTime() ?? 0 });
      }, done);
  }

  override set(sid: string, sess: SessionData, done: (err?: unknown) => void = () => undefined): void {
    const { storedAt, ...data } = sess;
    const doc = {
      data: JSON.stringify(data),
      user: data.passport?.user ? String(data.passport.user) : null,
      expires: this.expiryOf(sess),
      touchedAt: new Date(),
    };
    const replace = () => StoredSessionModel.replaceOne({ _id: sid }, doc).exec();
    // A session read from the store is replaced, never re-created: if it was ended
    // meanwhile (logout elsewhere, erasure), it stays ended.
    const write =
      storedAt !== undefined
        ? replace()
        : StoredSessionModel.create({ _id: sid, ...doc }).catch((err: unknown) => {
            // Two first writes of one new session: the unique _id lets one insert through.
            if (isDuplicateKey(err)) return replace();
            throw err;
          });
    write.then(() => done(), done);
  }

  override touch(sid: string, sess: SessionData, done: (err?: unknown) => void = () => undefined): void {
    if (sess.storedAt !== undefined && Date.now() - sess.storedAt < this.opts.touchAfterMs) return done();
    StoredSessionModel.updateOne({ _id: sid }, { $set: { expires: this.expiryOf(sess), touchedAt: new Date() } })
      .exec()
      .then(() => done(), done);
  }

  override destroy(sid: string, done: (err?: unknown) => void = () => undefined): void {
    StoredSessionModel.deleteOne({ _id: sid })
      .exec()
      .then(() => done(), done);
  }

  private expiryOf(sess: SessionData): Date {
    const expires = sess.cookie?.expires;
    return expires instanceof Date ? expires : new Date(Date.now() + this.opts.lifetimeMs);
  }
}

/** Ends every session of one user (erasure, deactivation): their next request is a visitor's. */
export async function endSessionsOfUser(userId: string | mongoose.Types.ObjectId): Promise<number> {
  const res = await StoredSessionModel.deleteMany({ user: String(userId) });
  return res.deletedCount;
}

/** For the maintenance job: FerretDB has no TTL index. */
export async function purgeExpiredSessions(now: Date): Promise<number> {
  const res = await StoredSessionModel.deleteMany({ expires: { $lte: now } });
  return res.deletedCount;
}

export function sessionMiddleware(
  config: Pick<Config, 'SESSION_SECRET' | 'BEHIND_HTTPS_PROXY' | 'SESSION_LIFETIME' | 'SESSION_TOUCH_AFTER'>,
): RequestHandler {
  return session({
    name: SESSION_COOKIE,
    secret: config.SESSION_SECRET,
    store: new DatabaseSessionStore({ lifetimeMs: config.SESSION_LIFETIME, touchAfterMs: config.SESSION_TOUCH_AFTER }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.BEHIND_HTTPS_PROXY, maxAge: config.SESSION_LIFETIME },
  });
}
