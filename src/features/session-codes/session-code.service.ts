/**
 * A leader opens a resident's workshop session on a space computer without the resident
 * typing a password: from the session page, a short code for one resident present, shown
 * on the leader's screen; typed at `/code-atelier`, it logs that resident in as on a
 * shared computer. It works once, only during the session's time, and each code given,
 * used or refused is audited with the computer's address (session-code-rules.ts says why
 * the code can be short).
 */
import { createHash, randomInt } from 'node:crypto';
import {
  findSessionUser,
  loginSucceeded,
  reserveLoginAttempt,
  requireLeader,
  type LoginLimits,
  type SessionUser,
} from '../accounts/index.js';
import { getSessionAttendees } from '../sessions/index.js';
import { declareAuditActions } from '../../platform/audit.js';
import { BadInput } from '../../platform/errors.js';
import { parseId } from '../../platform/ids.js';
import { codeExpiry, looksLikeSessionCode, newSessionCode, normaliseSessionCode } from './session-code-rules.js';
import { claimSessionCode, findSessionCode, insertSessionCode } from './session-code.repository.js';

export const sessionCodeAudit = declareAuditActions('sessionCodes', [
  'session-code.issue',
  'session-code.use',
  'session-code.refused',
]);

/**
 * The login throttle's name for every code try: not a username (a username has no "#"),
 * so guesses count together, and those typed at the space apart from the others'.
 */
const THROTTLE_NAME = '#code-atelier';

const codeHash = (code: string) =>
  createHash('sha256')
    .update(`session-code:${normaliseSessionCode(code)}`)
    .digest('hex');

export interface CodeTimes {
  earlyMs: number;
  validityMs: number;
}

export interface IssuedSessionCode {
  code: string;
  name: string;
  expiresAt: Date;
  sessionId: string;
}

/** A code for one resident present at a session of the leader's own site. */
export async function issueSessionCode(
  actor: SessionUser,
  sessionId: string,
  residentId: string,
  address: string,
  now: Date,
  times: CodeTimes,
): Promise<IssuedSessionCode> {
  requireLeader(actor);
  // The session of the leader's site (NotFound, Forbidden otherwise) and who is present.
  const { session, attendees } = await getSessionAttendees(actor, sessionId);
  const attendee = attendees.find((a) => a.residentId === residentId);
  if (!attendee) throw new BadInput('sessionCodes.errors.notPresent');
  if (!attendee.userId) throw new BadInput('sessionCodes.errors.noAccount');
  const when = codeExpiry(session, now, times);
  if (!when.ok) throw new BadInput('sessionCodes.errors.notNow');
  let code = '';
  // Two codes alike at once are very unlikely; the unique `_id` refuses the second.
  for (let tries = 0; !code && tries < 5; tries++) {
    const candidate = newSessionCode(randomInt);
    const stored = await insertSessionCode({
      _id: codeHash(candidate),
      session: parseId(session.id),
      moduleId: session.moduleId,
      resident: parseId(attendee.residentId),
      user: parseId(attendee.userId),
      site: parseId(session.siteId),
      issuedBy: parseId(actor.id),
      expiresAt: when.expiresAt,
    });
    if (stored) code = candidate;
  }
  if (!code) throw new Error('no free session code after 5 tries');
  await sessionCodeAudit.record(actor, 'session-code.issue', `session:${session.id}`, {
    resident: attendee.residentId,
    user: attendee.userId,
    address,
    expiresAt: when.expiresAt.toISOString(),
  });
  return { code, name: attendee.name, expiresAt: when.expiresAt, sessionId: session.id };
}

export type CodeLogin = { user: SessionUser; moduleId: string } | { user: null; retryAfterMs: number };

/**
 * A typed code: the resident it was given for, when it is known, unused and still valid;
 * every other answer is one refusal (BadInput). Throttled as failed logins: while blocked,
 * no user and the wait.
 */
export async function useSessionCode(typed: string, address: string, limits: LoginLimits, now: Date): Promise<CodeLogin> {
  const reserved = await reserveLoginAttempt(THROTTLE_NAME, address, limits, now);
  if (!reserved.allowed) return { user: null, retryAfterMs: reserved.retryAfterMs };
  const hash = looksLikeSessionCode(typed) ? codeHash(typed) : null;
  const stored = hash ? await findSessionCode(hash) : null;
  const user = stored && stored.expiresAt > now ? await findSessionUser(String(stored.user)) : null;
  if (!stored || !user || !(await claimSessionCode(stored._id, stored.user))) {
    await sessionCodeAudit.record(null, 'session-code.refused', stored ? `session:${String(stored.session)}` : 'session:?', {
      address,
      ...(stored ? { resident: String(stored.resident), reason: stored.expiresAt > now ? 'used' : 'expired' } : {}),
    });
    throw new BadInput('sessionCodes.errors.refused');
  }
  await loginSucceeded(THROTTLE_NAME, address, limits, now);
  await sessionCodeAudit.record(user, 'session-code.use', `session:${String(stored.session)}`, {
    resident: String(stored.resident),
    issuedBy: String(stored.issuedBy),
    address,
  });
  return { user, moduleId: stored.moduleId };
}
