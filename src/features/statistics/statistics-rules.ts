/**
 * The figures of the statistics page, as pure functions of the counter documents, the
 * period and an explicit `now`: unit-tested on small fixed data (test/unit/statistics-rules.test.ts).
 */
import { buildingOfKey, KINDS, monthOf, quarterOfMonth, STOCK, type Kind } from './stat-facts.js';
import { spreadsheetCell } from '../../platform/spreadsheet-cells.js';

/** Fewer households than this in a building: grouped with others, never shown alone. */
export const MIN_GROUP = 5;

export interface CounterRow {
  site: string;
  bucket: string;
  c: Record<string, number>;
}

export interface Period {
  /** What the filter's select sends: `2026`, `2026-T1`, `2026-03` or `perso`. */
  value: string;
  kind: 'annee' | 'trimestre' | 'mois' | 'personnalisee';
  /** First and last months, `YYYY-MM`. */
  from: string;
  to: string;
  /** The bucket where distinct residents are counted, or null for a custom period. */
  bucket: string | null;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-T([1-4])$/;
const YEAR = /^(\d{4})$/;

/** The period a filter asks for; null when the value makes no sense (the route answers 400). */
export function parsePeriod(
  value: string | undefined,
  from: string | undefined,
  to: string | undefined,
  now: Date,
): Period | null {
  const v = value || monthOf(now).slice(0, 4);
  let m: RegExpExecArray | null;
  if ((m = YEAR.exec(v))) return { value: v, kind: 'annee', from: `${m[1]}-01`, to: `${m[1]}-12`, bucket: v };
  if ((m = QUARTER.exec(v))) {
    const first = (Number(m[2]) - 1) * 3 + 1;
    const mm = (n: number) => `${m![1]}-${String(n).padStart(2, '0')}`;
    return { value: v, kind: 'trimestre', from: mm(first), to: mm(first + 2), bucket: v };
  }
  if (MONTH.test(v)) return { value: v, kind: 'mois', from: v, to: v, bucket: v };
  if (v === 'perso') {
    if (!from || !to || !MONTH.test(from) || !MONTH.test(to) || from > to) return null;
    // At most ten years of months: the page stays light.
    if (monthsBetween(from, to).length > 120) return null;
    return { value: v, kind: 'personnalisee', from, to, bucket: null };
  }
  return null;
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  while (out.length < 1000) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > to) break;
    out.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** The choices of the period filter: this year and last, their quarters so far, the last twelve months. */
export function periodChoices(now: Date): { value: string; kind: Period['kind'] }[] {
  const current = monthOf(now);
  const year = Number(current.slice(0, 4));
  const out: { value: string; kind: Period['kind'] }[] = [
    { value: String(year), kind: 'annee' },
    { value: String(year - 1), kind: 'annee' },
  ];
  for (const y of [year, year - 1])
    for (let q = 4; q >= 1; q--)
      if (`${y}-T${q}` <= quarterOfMonth(current)) out.push({ value: `${y}-T${q}`, kind: 'trimestre' });
  const months = monthsBetween(`${year - 1}-01`, current)
    .slice(-12)
    .reverse();
  for (const m of months) out.push({ value: m, kind: 'mois' });
  return out;
}

// ---------- the figures ----------

export interface MonthFigures {
  month: string;
  entries: Record<Kind, number>;
  minutes: Record<Kind, number>;
  entriesTotal: number;
  sessions: number;
  attendances: number;
  validations: number;
  certificates: number;
  newResidents: number;
  subscriptionsStarted: number;
  subscriptionsEnded: number;
  /** Households connected at the end of the month (from today's count and the changes since); null in the future. */
  connectedAtEnd: number | null;
}

export interface HouseholdFigures {
  households: number;
  connected: number;
  /** connected / households, or null without households. */
  rate: number | null;
}

export interface BuildingFigures extends HouseholdFigures {
  /** The building's name, or null for "other buildings" (those too small to show alone). */
  label: string | null;
}

export interface SiteFigures extends HouseholdFigures {
  id: string;
  name: string;
  entries: number;
  certified: number | null;
}

export interface Figures {
  period: Period;
  households: HouseholdFigures;
  sites: SiteFigures[];
  /** Only when one site is shown. */
  buildings: BuildingFigures[] | null;
  months: MonthFigures[];
  support: { kind: Kind; entries: number; minutes: number }[];
  entriesTotal: number;
  minutesTotal: number;
  sessions: number;
  sessionMinutes: number;
  attendances: number;
  residents: { total: number | null; new: number; returning: number | null };
  validations: number;
  withdrawals: number;
  certificates: { issued: number; reissued: number; revoked: number; residents: number | null };
  subscriptions: { started: number; ended: number };
}

const rate = (connected: number, households: number): number | null => (households > 0 ? connected / households : null);
const zeroKinds = () => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;

/** The sum of the counters of `sites` in `bucket`. */
function sumOf(counters: CounterRow[], sites: Set<string>, bucket: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of counters) {
    if (row.bucket !== bucket || !sites.has(row.site)) continue;
    for (const [k, v] of Object.entries(row.c ?? {})) out[k] = (out[k] ?? 0) + v;
  }
  return out;
}

/** Buildings of a site's stock counters; those under MIN_GROUP households grouped, the group shown only if it is big enough too. */
export function buildingsOf(stock: Record<string, number>): BuildingFigures[] {
  const shown: BuildingFigures[] = [];
  const other = { households: 0, connected: 0 };
  for (const [key, households] of Object.entries(stock)) {
    if (!key.startsWith('b:') || households <= 0) continue;
    const b = key.slice(2);
    const connected = stock[`bc:${b}`] ?? 0;
    if (households >= MIN_GROUP)
      shown.push({ label: buildingOfKey(b), households, connected, rate: rate(connected, households) });
    else {
      other.households += households;
      other.connected += connected;
    }
  }
  shown.sort((a, b) => a.label!.localeCompare(b.label!, 'fr', { numeric: true }));
  if (other.households >= MIN_GROUP) shown.push({ label: null, ...other, rate: rate(other.connected, other.households) });
  return shown;
}

/** Connected households at the end of each month, walking back from today's stock. */
function connectedAtEndOf(counters: CounterRow[], ids: Set<string>, stock: Record<string, number>, now: Date) {
  const current = monthOf(now);
  const net = new Map<string, number>();
  for (const row of counters) {
    if (!ids.has(row.site) || !MONTH.test(row.bucket)) continue;
    net.set(row.bucket, (net.get(row.bucket) ?? 0) + (row.c.subs_started ?? 0) - (row.c.subs_ended ?? 0));
  }
  const connectedAtEnd = (month: string): number | null => {
    if (month > current) return null;
    let n = stock.connected ?? 0;
    for (const [m, d] of net) if (m > month && m <= current) n -= d;
    return Math.max(0, n);
  };
  return connectedAtEnd;
}

function monthFiguresOf(
  counters: CounterRow[],
  ids: Set<string>,
  months: string[],
  connectedAtEnd: (month: string) => number | null,
): MonthFigures[] {
  return months.map((month) => {
    const c = sumOf(counters, ids, month);
    const entries = zeroKinds();
    const minutes = zeroKinds();
    for (const k of KINDS) {
      entries[k] = c[`n_${k}`] ?? 0;
      minutes[k] = c[`min_${k}`] ?? 0;
    }
    return {
      month,
      entries,
      minutes,
      entriesTotal: KINDS.reduce((n, k) => n + entries[k], 0),
      sessions: c.sessions ?? 0,
      attendances: c.attendances ?? 0,
      validations: c.validations ?? 0,
      certificates: c.certs ?? 0,
      newResidents: c.new_residents ?? 0,
      subscriptionsStarted: c.subs_started ?? 0,
      subscriptionsEnded: c.subs_ended ?? 0,
      connectedAtEnd: connectedAtEnd(month),
    };
  });
}

function siteFiguresOf(counters: CounterRow[], sites: { id: string; name: string }[], months: string[], period: Period) {
  return sites.map((s): SiteFigures => {
    const one = new Set([s.id]);
    const st = sumOf(counters, one, STOCK);
    const households = st.households ?? 0;
    const connected = st.connected ?? 0;
    return {
      id: s.id,
      name: s.name,
      households,
      connected,
      rate: rate(connected, households),
      entries: months.reduce((n, m) => {
        const c = sumOf(counters, one, m);
        return n + KINDS.reduce((x, k) => x + (c[`n_${k}`] ?? 0), 0);
      }, 0),
      certified: period.bucket ? (sumOf(counters, one, period.bucket).certified ?? 0) : null,
    };
  });
}

export function figuresOf(counters: CounterRow[], sites: { id: string; name: string }[], period: Period, now: Date): Figures {
  const ids = new Set(sites.map((s) => s.id));
  const months = monthsBetween(period.from, period.to);
  const stock = sumOf(counters, ids, STOCK);
  const monthRows = monthFiguresOf(counters, ids, months, connectedAtEndOf(counters, ids, stock, now));
  const total = (key: string) => months.reduce((n, m) => n + (sumOf(counters, ids, m)[key] ?? 0), 0);
  const support = KINDS.map((kind) => ({
    kind,
    entries: monthRows.reduce((n, m) => n + m.entries[kind], 0),
    minutes: monthRows.reduce((n, m) => n + m.minutes[kind], 0),
  }));
  const distinct = (key: string) => (period.bucket ? (sumOf(counters, ids, period.bucket)[key] ?? 0) : null);
  const residentsTotal = distinct('residents');
  const newResidents = total('new_residents');

  return {
    period,
    households: {
      households: stock.households ?? 0,
      connected: stock.connected ?? 0,
      rate: rate(stock.connected ?? 0, stock.households ?? 0),
    },
    sites: siteFiguresOf(counters, sites, months, period),
    buildings: sites.length === 1 ? buildingsOf(stock) : null,
    months: monthRows,
    support,
    entriesTotal: support.reduce((n, s) => n + s.entries, 0),
    minutesTotal: support.reduce((n, s) => n + s.minutes, 0),
    sessions: total('sessions'),
    sessionMinutes: total('session_min'),
    attendances: total('attendances'),
    residents: {
      total: residentsTotal,
      new: newResidents,
      returning: residentsTotal === null ? null : Math.max(0, residentsTotal - newResidents),
    },
    validations: total('validations'),
    withdrawals: total('withdrawals'),
    certificates: {
      issued: total('certs'),
      reissued: total('reissued'),
      revoked: total('revoked'),
      residents: distinct('certified'),
    },
    subscriptions: { started: total('subs_started'), ended: total('subs_ended') },
  };
}

// ---------- exports: anonymous profile, French CSV ----------

export const AGE_BANDS = ['moins-de-26', '26-44', '45-59', '60-74', '75-et-plus', 'inconnu'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The age band in the year of `at` (a birth year only: the age within a year). */
export function ageBand(birthYear: number | null | undefined, at: Date): AgeBand {
  if (!birthYear) return 'inconnu';
  const age = Number(monthOf(at).slice(0, 4)) - birthYear;
  if (age < 26) return 'moins-de-26';
  if (age < 45) return '26-44';
  if (age < 60) return '45-59';
  if (age < 75) return '60-74';
  return '75-et-plus';
}

/** Building labels that may leave the app: those with fewer than MIN_GROUP households become null ("other buildings"). */
export function exportableBuildings(buildings: string[]): (building: string) => string | null {
  const counts = new Map<string, number>();
  for (const b of buildings) {
    const key = b.trim().toUpperCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return (b) => {
    const key = b.trim().toUpperCase();
    return key && (counts.get(key) ?? 0) >= MIN_GROUP ? key : null;
  };
}

/** A number with a decimal comma, as French spreadsheets read it. */
export function decimal(n: number, digits = 1): string {
  return n.toFixed(digits).replace('.', ',');
}

export type Cell = string | number | null;

/**
 * CSV that French spreadsheet software opens as it is: UTF-8 with a BOM, `;` between
 * fields (the comma is the decimal separator), CRLF line ends, quotes where needed.
 * Numbers are written as given: callers format decimals with `decimal()`.
 */
export function toCsv(rows: Cell[][]): string {
  const cell = (v: Cell) => {
    // Never a formula (platform/spreadsheet-cells.ts), then quoted where needed.
    const safe = spreadsheetCell(v);
    return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return '\uFEFF' + rows.map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
