/**
 * Calendar days, as the people of the space live them: in Brest (Europe/Paris time).
 * A `Day` is "YYYY-MM-DD"; every "today" of the app and every date shown in a view
 * comes from here, so that a validation at 00:30 in Brest is not dated the day before.
 */
export type Day = `${number}-${number}-${number}`;

const dayParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Brest at `now`. */
export function dayInBrest(now: Date): Day {
  return dayParts.format(now) as Day;
}

export function isDay(value: string): value is Day {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

const longDate = {
  fr: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }),
};

/**
 * "29 novembre 2026": the one date formatter of the views (view-locals gives it to every
 * view as `formatDate`). In Brest time, so a day stored at 00:00 or noon UTC, or an
 * instant, shows as the day it was in Brest.
 */
export function formatDate(d: Date | string | null | undefined, lang: 'fr' | 'en'): string {
  return d ? longDate[lang].format(new Date(d)) : '';
}
