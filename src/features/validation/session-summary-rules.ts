/**
 * A workshop session's summary (session-summary.model.ts), as pure functions of plain
 * data: per attendee, the module's skills not validated yet (all of them for someone with
 * no account yet: they are still to validate, once the account is made) and whether the
 * module's certificate is ready to issue; then the totals the leader's home shows.
 */
export interface SummaryRow {
  resident: string;
  user: string | null;
  pending: number;
  ready: boolean;
}

export interface SummaryTotals {
  pendingSkills: number;
  readyCertificates: number;
}

export function summaryRow(
  attendee: { resident: string; user: string | null },
  moduleSkills: readonly string[],
  validated: ReadonlySet<string>,
  status: { eligible: boolean; issued: boolean } | undefined,
): SummaryRow {
  return {
    resident: attendee.resident,
    user: attendee.user,
    pending: moduleSkills.filter((s) => !attendee.user || !validated.has(s)).length,
    ready: Boolean(attendee.user && status?.eligible && !status.issued),
  };
}

export function summaryTotals(rows: readonly SummaryRow[]): SummaryTotals {
  return {
    pendingSkills: rows.reduce((n, r) => n + r.pending, 0),
    readyCertificates: rows.filter((r) => r.ready).length,
  };
}

/** Rows in one order (by resident id), so that a maintained summary equals a rebuilt one. */
export const sortedRows = (rows: readonly SummaryRow[]) =>
  [...rows].sort((a, b) => (a.resident < b.resident ? -1 : a.resident > b.resident ? 1 : 0));

/** The differences between a kept summary and a rebuilt one, in words (the rebuild's report). */
export function summaryDifferences(id: string, have: readonly SummaryRow[] | null, want: readonly SummaryRow[]): string[] {
  if (!have) return [`séance ${id} : pas de résumé`];
  const key = (r: SummaryRow) => `${r.resident}/${r.user ?? '-'}/${r.pending}/${r.ready}`;
  const a = sortedRows(have).map(key).join(' ');
  const b = sortedRows(want).map(key).join(' ');
  return a === b ? [] : [`séance ${id} : ${a || '∅'} → ${b || '∅'}`];
}

/** A kept summary whose week is not its session's (or missing: written before the key), in words. */
export function weekDifference(id: string, have: { week?: string | null } | null, week: string): string[] {
  return have && have.week !== week ? [`séance ${id} : semaine ${have.week ?? '—'} → ${week}`] : [];
}
