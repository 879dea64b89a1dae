/**
 * What a leader's home page puts first, from the site's latest sessions: today's,
 * the rest of this week's, and the recent past sessions whose attendees may have
 * skills to validate. Pure: plain data and an explicit `now`, days in Brest time.
 */
import { addDays, dayInBrest, mondayOf } from '../../platform/day.js';

export { mondayOf };

export interface DatedSession {
  id: string;
  date: Date;
  attendeeCount: number;
}

const brestDay = dayInBrest;

/** How far back a session still calls for validations on the home page. */
export const RECENT_DAYS = 14;

/** The weeks (their Mondays) the home reads: this one, and the two before (RECENT_DAYS back). */
export function weeksOfLeaderDay(now: Date): string[] {
  const monday = mondayOf(brestDay(now));
  return [monday, addDays(monday, -7), addDays(monday, -14)];
}

export function planLeaderDay<S extends DatedSession>(sessions: readonly S[], now: Date) {
  const today = brestDay(now);
  const monday = mondayOf(today);
  const sunday = addDays(monday, 6);
  const since = addDays(today, -RECENT_DAYS);
  const byDate = [...sessions].sort((a, b) => a.date.getTime() - b.date.getTime());
  return {
    today: byDate.filter((s) => brestDay(s.date) === today),
    laterThisWeek: byDate.filter((s) => brestDay(s.date) > today && brestDay(s.date) <= sunday),
    // Past sessions with someone present, newest first: where validations wait.
    toValidate: byDate.filter((s) => s.attendeeCount > 0 && brestDay(s.date) <= today && brestDay(s.date) >= since).reverse(),
  };
}
