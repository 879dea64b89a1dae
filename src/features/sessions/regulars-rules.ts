/**
 * A workshop's regulars (workshop-regulars.model.ts), as pure functions: who attended its
 * sessions at a site, with the date of their last one, latest first. Kept at most
 * REGULARS_KEPT (the picker shows the first few); past that, the earliest drop out.
 */
export const REGULARS_KEPT = 200;

export interface Regular {
  resident: string;
  last: Date;
}

const latestFirst = (a: Regular, b: Regular) =>
  b.last.getTime() - a.last.getTime() || (a.resident < b.resident ? -1 : a.resident > b.resident ? 1 : 0);

/** The list with each changed resident's last date set (null: no session of it any more). */
export function withRegularChanges(list: readonly Regular[], changes: ReadonlyMap<string, Date | null>): Regular[] {
  const kept = list.filter((r) => !changes.has(r.resident));
  for (const [resident, last] of changes) if (last) kept.push({ resident, last });
  return kept.sort(latestFirst).slice(0, REGULARS_KEPT);
}

/** The regulars of one workshop at one site, from its sessions. */
export function regularsOfSessions(sessions: readonly { date: Date; attendees: readonly string[] }[]): Regular[] {
  const last = new Map<string, Date>();
  for (const s of sessions) {
    for (const id of s.attendees) {
      const seen = last.get(id);
      if (!seen || seen < s.date) last.set(id, s.date);
    }
  }
  return withRegularChanges([], last);
}

/** The regulars document's id: one per site and workshop. */
export const regularsId = (site: string, moduleId: string) => `${site}:${moduleId}`;
