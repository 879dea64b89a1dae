/**
 * One way to write a date in the interface: "30 novembre 2026" (English "30 November 2026"),
 * as the day it is in Brest. Days stored at 00:00 or 12:00 UTC stay the same day there.
 */
export const BREST_TIME_ZONE = 'Europe/Paris';

const formats = {
  fr: new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: BREST_TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: BREST_TIME_ZONE }),
};

/** Empty for a missing or invalid date, so that a page never shows "Invalid Date". */
export function formatDay(value: Date | string | number | null | undefined, lang: 'fr' | 'en'): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : formats[lang].format(date);
}
