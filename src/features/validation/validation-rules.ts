/** Pure checks of a validation form, with an explicit `now`. */
import { dayInBrest } from '../../platform/day.js';

export { dayInBrest };

/** The earliest date a leader may give: the space opened in 2010. */
export const EARLIEST_DAY = '2010-01-01';

/**
 * The day a leader saw the skill: a real day, not in the future, not before 2010.
 * Kept at noon UTC, so that it shows as the same day everywhere in Europe.
 */
export function observationDate(day: string, now: Date): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  if (day < EARLIEST_DAY || day > dayInBrest(now)) return null;
  return date;
}
