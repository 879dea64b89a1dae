/**
 * What every certificate layout shares: the fonts and the buffer collector (those of
 * every PDF of the app, platform/pdf.ts), the date, the level words and the colours.
 */
import { formatDate } from '../../platform/day.js';
export { collect, FONT_DIR, loadFonts } from '../../platform/pdf.js';

/** "5 mars 2026", in Brest time (platform/day.ts). */
export const dateFr = { format: (d: Date) => formatDate(d, 'fr') };
export const LEVEL_WORDS = { seul: 'sans aide', 'avec-aide': 'avec de l’aide' } as const;
/** A last guard: the schema limits lengths already, the layout must never overflow. */
export const clip = (s: string, max: number) => ([...s].length > max ? [...s].slice(0, max - 1).join('') + '…' : s);

export const INK = '#1a1a1a';
export const BRAND = '#0b4f8a';
export const ALERT = '#a4161a';
