import MongoStore from 'connect-mongo';
import session from 'express-session';
import type { RequestHandler } from 'express';
import mongoose from 'mongoose';

export const SESSION_COOKIE = 'krn.sid';
export const SESSIONS_COLLECTION = 'sessions';

/**
 * Sessions in the database so that any instance can serve any request. FerretDB has
 * no TTL index, so connect-mongo purges expired sessions on an interval instead.
 */
export function sessionMiddleware(opts: { secret: string; https: boolean }): RequestHandler {
  const store = MongoStore.create({
    client: mongoose.connection.getClient(),
    dbName: mongoose.connection.db?.databaseName,
    collectionName: SESSIONS_COLLECTION,
    autoRemove: 'interval',
    autoRemoveInterval: 10, // minutes
    touchAfter: 10 * 60, // seconds: no write on every page view
    stringify: false,
  });
  return session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.https, maxAge: 8 * 3600 * 1000 },
  });
}
