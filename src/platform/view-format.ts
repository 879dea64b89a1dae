/**
 * Small formatters for the views (dates, months, euros, durations, shares), in the
 * reader's language. Dates and months come from day.ts, in Brest time.
 */
import { formatDate, formatMonth, localeOf, storedDay } from './day.js';

export function viewFormat(lang: 'fr' | 'en') {
  const locale = localeOf(lang);
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const share = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    /** "2026-11" as "novembre 2026". */
    month: (m: string) => formatMonth(m, lang),
    /** Days stored at 00:00 UTC and instants alike, as the day they are in Brest. */
    date: (d: Date | string | null | undefined) => formatDate(d, lang),
    /** The value of an <input type="date">. */
    isoDay: storedDay,
    euros: (cents: number | null | undefined) => (cents === null || cents === undefined ? '' : money.format(cents / 100)),
    /** "12,50" as typed back into a form. */
    eurosInput: (cents: number | null | undefined) =>
      cents === null || cents === undefined ? '' : (cents / 100).toFixed(2).replace('.', lang === 'fr' ? ',' : '.'),
    minutes: (m: number | null | undefined) => {
      if (!m) return '';
      const h = Math.floor(m / 60);
      const rest = m % 60;
      return h ? `${h} h${rest ? ` ${String(rest).padStart(2, '0')}` : ''}` : `${rest} min`;
    },
    kb: (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} Ko`,
    /** 0.42 as "42 %"; null as a dash. */
    percent: (r: number | null) => (r === null ? '–' : share.format(r)),
  };
}
export type ViewFormat = ReturnType<typeof viewFormat>;

/** The reader's language as the views know it (view-locals sets `res.locals.lang`). */
export const viewLang = (locals: Record<string, unknown>): 'fr' | 'en' => (locals.lang === 'en' ? 'en' : 'fr');
