import type { Request } from 'express';
import type { SessionCache } from '../../platform/session-cache.js';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { authenticate, findSessionUser } from './accounts.service.js';
import type { LoginLimits } from './login-throttle.js';

/** Each app carries its own limits (createApp sets them from the config). */
const loginLimitsOf = (req: Request): LoginLimits => req.app.locals.loginLimits as LoginLimits;

/**
 * Local login by username. The route validates the form before Passport sees it;
 * the failure reason (invalid or throttled, with the wait) travels in `info`.
 * Sessions keep only the user id; the user is read again on each request, or taken from
 * the app's session cache (session-cache.ts: SESSION_CACHE, dropped when the account changes).
 */
export function configurePassport(): passport.PassportStatic {
  passport.use(
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      authenticate(username, password, req.ip ?? 'unknown', loginLimitsOf(req), new Date()).then(
        (result) => (result.ok ? done(null, result.user) : done(null, false, { ...result, message: result.reason })),
        (err) => done(err),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((req: Request, id: string, done: (err: unknown, user?: Express.User | false) => void) => {
    const cache = req.app.locals.sessionCache as SessionCache | undefined;
    const cached = cache?.user(id);
    if (cached) return done(null, cached);
    const mark = cache?.mark();
    findSessionUser(id).then(
      (user) => {
        if (user && cache && mark !== undefined) cache.putUser(id, user, mark);
        done(null, user ?? false);
      },
      (err) => done(err),
    );
  });
  return passport;
}
