/**
 * Calendar days and months, as the people of the space live them: in Brest
 * (Europe/Paris time). A `Day` is "YYYY-MM-DD", a month "YYYY-MM"; every "today" of the
 * app, every month an event belongs to, and every date shown in a view or a PDF comes
 * from here, so that a validation at 00:30 in Brest is not dated the day before. This is
 * the one file of src/ that builds an Intl date formatter (lint refuses any other).
 */
export type Day = `${number}-${number}-${number}`;

const TIME_ZONE = 'Europe/Paris';
type Lang = 'fr' | 'en';
const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'fr-FR');

const dayParts = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Brest at `now`. */
export function dayInBrest(now: Date): Day {
  return dayParts.format(now) as Day;
}

const clockParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far Brest's clocks are ahead of UTC at the instant `t` (ms). */
function brestOffsetMs(t: number): number {
  const p = Object.fromEntries(clockParts.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - (t - (t % 1000));
}

/**
 * The instant when Brest's clocks show `minutes` after midnight of `day` ("2026-03-05",
 * 14 × 60 → 13:00 UTC in winter, 12:00 UTC in summer).
 */
export function brestInstant(day: string, minutes: number): Date {
  const wall = new Date(`${day}T00:00:00Z`).getTime() + minutes * 60_000;
  const first = wall - brestOffsetMs(wall);
  return new Date(wall - brestOffsetMs(first));
}

/** The month in Brest at `now`, "YYYY-MM": an event at 00:30 on the 1st belongs to the new month. */
export function monthInBrest(now: Date): string {
  return dayInBrest(now).slice(0, 7);
}

export function isDay(value: string): value is Day {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/** True for a day that exists in the calendar ("2026-02-30" does not). */
export function isRealDay(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return isDay(value) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The day `days` after (or before, when negative) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10) as Day;
}

/** Monday of the week of `day` (weeks start on Monday in France). */
export function mondayOf(day: string): Day {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** "2026-01" and -1 give "2025-12". */
export function addMonths(month: string, by: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 7);
}

/** A day as stored in the database (a Date at 00:00 UTC): the value of an `<input type="date">`. */
export function storedDay(d: Date | string | null | undefined): string {
  return d ? new Date(d).toISOString().slice(0, 10) : '';
}

const longDate = {
  fr: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
};

/**
 * "29 novembre 2026": the one date formatter of the views (view-locals gives it to every
 * view as `formatDate`). In Brest time, so a day stored at 00:00 or noon UTC, or an
 * instant, shows as the day it was in Brest.
 */
export function formatDate(d: Date | string | null | undefined, lang: Lang): string {
  if (!d) return '';
  const text = longDate[lang].format(new Date(d));
  // "1er mai 2026", never "1 mai".
  return lang === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

const shortDate = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE });

/** "05/03/2026": a day in Brest, in figures (printed on certificates). */
export function formatShortDate(d: Date | string): string {
  return shortDate.format(new Date(d));
}

const dateTime = {
  fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
};

/** "29 novembre 2026 à 14:05": an instant as it was on the clocks of Brest. */
export function formatDateTime(d: Date | string | null | undefined, lang: Lang): string {
  return d ? dateTime[lang].format(new Date(d)) : '';
}

const timeOfDay = {
  fr: new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }),
};

/** "14:05": the time of an instant on the clocks of Brest (when a session ends). */
export function formatTime(d: Date, lang: Lang): string {
  return timeOfDay[lang].format(d);
}

// A month "YYYY-MM" names no instant: formatted at noon UTC of its first day, which is
// that month in every time zone.
const monthOnly = (month: string) => new Date(`${month}-01T12:00:00Z`);
const longMonth = {
  fr: new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
};
const shortMonth = {
  fr: new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: TIME_ZONE }),
};

/** "2026-11" as "novembre 2026". */
export function formatMonth(month: string, lang: Lang): string {
  return longMonth[lang].format(monthOnly(month));
}

/** "2026-11" as "nov" (a chart's axis). */
export function formatShortMonth(month: string, lang: Lang): string {
  return shortMonth[lang].format(monthOnly(month)).replace('.', '');
}

export { locale as localeOf };
