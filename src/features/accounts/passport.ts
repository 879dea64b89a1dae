import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { authenticate, findSessionUser } from './accounts.service.js';

/**
 * Local login by username. The route validates the form before Passport sees it;
 * the failure reason (invalid or throttled) travels in `info`.
 * Sessions keep only the user id; the user is read again on each request.
 */
export function configurePassport(): passport.PassportStatic {
  passport.use(
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      authenticate(username, password, req.ip ?? 'unknown').then(
        (result) => (result.ok ? done(null, result.user) : done(null, false, { message: result.reason })),
        (err) => done(err),
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    findSessionUser(id).then(
      (user) => done(null, user ?? false),
      (err) => done(err),
    );
  });
  return passport;
}
