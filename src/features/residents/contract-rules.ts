/**
 * The deadlines of an operator contract that a legal-advice entry follows: the right of
 * withdrawal and the end of the commitment period. Pure: plain days ("YYYY-MM-DD") and
 * an explicit `now`, days in Brest.
 *
 * The rule (Code de la consommation, L221-18 and L221-19): 14 days to withdraw, from the
 * conclusion of the contract for a service (an Internet or phone subscription), from
 * the delivery for goods (a box, a phone bought with it). The day of signature or
 * delivery does not count; a deadline that falls on a Saturday, a Sunday or a public
 * holiday moves to the next working day.
 */
import { addDays, dayInBrest, type Day } from '../../platform/day.js';

export const CONTRACT_KINDS = ['service', 'bien'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];
export const WITHDRAWAL_DAYS = 14;
/** How far ahead the leader's home lists deadlines. */
export const UPCOMING_DAYS = 14;

export interface ContractDates {
  contractKind?: ContractKind | null;
  signedOn?: Date | string | null;
  deliveredOn?: Date | string | null;
  commitmentEnd?: Date | string | null;
}

export type DeadlineKind = 'retractation' | 'fin-engagement';
export interface Deadline {
  kind: DeadlineKind;
  day: Day;
}

const asDay = (d: Date | string | null | undefined): Day | null => (d ? (new Date(d).toISOString().slice(0, 10) as Day) : null);

/** Easter Sunday of a year (Gregorian calendar; the anonymous algorithm of Meeus, Jones and Butcher). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as Day;
}

/** The eleven public holidays of mainland France (Code du travail, L3133-1) in a year. */
export function frenchHolidays(year: number): Set<Day> {
  const easter = easterSunday(year);
  const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map((md) => `${year}-${md}` as Day);
  // Easter Monday, Ascension Thursday, Whit Monday.
  return new Set([...fixed, addDays(easter, 1), addDays(easter, 39), addDays(easter, 50)]);
}

/** Neither a Saturday, a Sunday nor a public holiday. */
export function isWorkingDay(day: Day): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !frenchHolidays(Number(day.slice(0, 4))).has(day);
}

/** The day itself when it is a working day, else the first working day after it. */
export function nextWorkingDay(day: Day): Day {
  let d = day;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The day the withdrawal period starts from: the signature for a service, the delivery for goods. */
function withdrawalStart(c: ContractDates): Day | null {
  return (c.contractKind ?? 'service') === 'bien' ? asDay(c.deliveredOn) : asDay(c.signedOn);
}

/** The last day to withdraw (a letter sent that day is in time), or null when its start is unknown. */
export function withdrawalDeadline(c: ContractDates): Day | null {
  const start = withdrawalStart(c);
  return start ? nextWorkingDay(addDays(start, WITHDRAWAL_DAYS)) : null;
}

/** Both deadlines of a contract, those that its dates make known. */
export function contractDeadlines(c: ContractDates): Deadline[] {
  const out: Deadline[] = [];
  const withdrawal = withdrawalDeadline(c);
  if (withdrawal) out.push({ kind: 'retractation', day: withdrawal });
  const end = asDay(c.commitmentEnd);
  if (end) out.push({ kind: 'fin-engagement', day: end });
  return out;
}

/** Whole days from today (in Brest) to `day`: 0 today, negative once passed. */
export function daysLeft(day: Day, now: Date): number {
  const today = dayInBrest(now);
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The days the leader's home looks at: today and the next 14, each one indexed lookup. */
export function upcomingDays(now: Date, days = UPCOMING_DAYS): Day[] {
  const today = dayInBrest(now);
  return Array.from({ length: days + 1 }, (_, i) => addDays(today, i));
}

/** A deadline as the resident reads it: still open (with the days left) or passed. */
export function deadlineState(d: Deadline, now: Date): { kind: DeadlineKind; day: Day; daysLeft: number; passed: boolean } {
  const left = daysLeft(d.day, now);
  return { ...d, daysLeft: left, passed: left < 0 };
}

/** A legal-advice entry as the record reads it (kind and details). */
interface EntryLike {
  id: string;
  kind: string;
  details: Record<string, unknown>;
}

/** The contracts of a record's legal-advice entries, each with its deadlines as of `now`. */
export function contractsOfEntries(entries: readonly EntryLike[], now: Date) {
  return entries
    .filter((e) => e.kind === 'conseil-juridique' && e.details.contractKind && e.details.signedOn)
    .map((e) => {
      const deadlines = contractDeadlines(e.details as ContractDates).map((d) => deadlineState(d, now));
      return {
        entryId: e.id,
        operator: typeof e.details.partner === 'string' ? e.details.partner : '',
        deadlines: deadlines.map((d) => ({ ...d, state: d.passed ? 'passed' : d.daysLeft === 0 ? 'today' : 'open' })),
      };
    })
    .filter((c) => c.deadlines.length > 0);
}
