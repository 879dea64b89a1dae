import { formatDate } from '../../platform/day.js';

/** Small formatters for the support-record pages (dates in French, euros, durations). */
export function viewFormat(lang: 'fr' | 'en') {
  const locale = lang === 'en' ? 'en-GB' : 'fr-FR';
  const monthFmt = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    /** "2026-11" as "novembre 2026". */
    month: (m: string) => monthFmt.format(new Date(`${m}-01T00:00:00Z`)),
    /** Days stored at 00:00 UTC and instants alike, as the day they are in Brest. */
    date: (d: Date | string | null | undefined) => formatDate(d, lang),
    /** The value of an <input type="date">. */
    isoDay: (d: Date | string | null | undefined) => (d ? new Date(d).toISOString().slice(0, 10) : ''),
    euros: (cents: number | null | undefined) =>
      cents === null || cents === undefined
        ? ''
        : new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(cents / 100),
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
  };
}
export type ViewFormat = ReturnType<typeof viewFormat>;
