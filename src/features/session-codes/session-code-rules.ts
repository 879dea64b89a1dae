/**
 * A workshop's short code, pure: what it looks like and when it may work.
 *
 * Why 6 characters are enough here: the alphabet has 31 signs, without 0/O or 1/I/L
 * (read on a screen, typed by someone who rarely types), so 31^6 ≈ 8.9 × 10^8 codes. A
 * code lives at most SESSION_CODE_VALIDITY (15 min by default), never past its session's
 * end, and works once. Guesses go through the login throttle (login-throttle.ts) under
 * one shared name: after 5 failures each failure blocks all code logins from outside the
 * space for 30 s, then 1, 2, 4, 5 min (the space's own network counted apart), and each
 * address has its own cap. That leaves an outsider a few dozen guesses per quarter of an
 * hour: with even 100 codes alive at once in the city, the chance to hit one is below
 * 10^-5. A longer code would cost every resident more typing for no real gain.
 */
import { addDays, brestInstant, storedDay } from '../../platform/day.js';

export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

/** A code like "K7Q-M9T" (shown with a dash in the middle, typed with or without it). */
export function newSessionCode(random: (max: number) => number): string {
  const signs = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[random(CODE_ALPHABET.length)]).join('');
  return `${signs.slice(0, 3)}-${signs.slice(3)}`;
}

/** What a person types: lower case, spaces and dashes anywhere are read as the code. */
export const normaliseSessionCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '');

/** True when the typed text could be a code at all (else no need to look it up). */
export const looksLikeSessionCode = (typed: string) =>
  normaliseSessionCode(typed).length === CODE_LENGTH && [...normaliseSessionCode(typed)].every((c) => CODE_ALPHABET.includes(c));

export interface SessionTimes {
  /** The session's day, as stored (00:00 UTC of the day). */
  date: Date;
  /** Its start on Brest's clocks, minutes after midnight; null when not given. */
  startMinutes: number | null;
  durationMinutes: number;
}

/**
 * When a session's codes may be given and used: from `earlyMs` before its start to its
 * end (start + duration). A session with no start time: its whole day in Brest.
 */
export function codeWindow(s: SessionTimes, earlyMs: number): { opens: Date; closes: Date } {
  const day = storedDay(s.date);
  if (s.startMinutes === null) return { opens: brestInstant(day, 0), closes: brestInstant(addDays(day, 1), 0) };
  const start = brestInstant(day, s.startMinutes);
  return { opens: new Date(start.getTime() - earlyMs), closes: new Date(start.getTime() + s.durationMinutes * 60_000) };
}

/** A code given at `now`: refused outside its session's window, else its end of validity. */
export function codeExpiry(
  s: SessionTimes,
  now: Date,
  opts: { earlyMs: number; validityMs: number },
): { ok: true; expiresAt: Date } | { ok: false } {
  const { opens, closes } = codeWindow(s, opts.earlyMs);
  if (now < opens || now >= closes) return { ok: false };
  return { ok: true, expiresAt: new Date(Math.min(now.getTime() + opts.validityMs, closes.getTime())) };
}
