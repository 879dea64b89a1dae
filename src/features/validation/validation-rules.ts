/** Pure checks of a validation form, with an explicit `now`. */
import { dayInBrest } from '../../platform/day.js';

export { dayInBrest };

/** The longest comment of a validation and reason of a withdrawal. */
export const LIMITS = { comment: 500, reason: 300 } as const;

/** The earliest date a leader may give: the space opened in 2010. */
export const EARLIEST_DAY = '2010-01-01';

/**
 * The day a leader saw the skill: a real day, not in the future, not before 2010.
 * Kept at noon UTC, so that it shows as the same day everywhere in Europe.
 */
export function observationDate(day: string, now: Date): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  if (day < EARLIEST_DAY || day > dayInBrest(now)) return null;
  return date;
}

/** Below this best exercise score (in %), the page warns before a validation. */
export const LOW_SCORE_BELOW = 50;

/** A skill whose best exercise score is under half: worth a second look before validating. */
export function isLowScore(bestPercent: number | null): boolean {
  return bestPercent !== null && bestPercent < LOW_SCORE_BELOW;
}

/** Where a module stands towards its certificate, from the rule's status. */
export interface CertificateProgress {
  validated: number;
  total: number;
  eligible: boolean;
  issued: boolean;
}

export function certificateProgress(
  status: { validated: readonly unknown[]; missing: readonly unknown[]; eligible: boolean; issued: boolean } | undefined,
  skillCount: number,
): CertificateProgress {
  if (!status) return { validated: 0, total: skillCount, eligible: false, issued: false };
  return {
    validated: status.validated.length,
    total: status.validated.length + status.missing.length,
    eligible: status.eligible,
    issued: status.issued,
  };
}

/**
 * One cell of a session's grid as the form sends it: "<userId>:<skillId>" (the form's
 * common level) or "<userId>:<skillId>:<level>"; null for anything else.
 */
export function gridCell<L extends string>(cell: string, commonLevel: L, levels: readonly L[]): { key: string; level: L } | null {
  const [userId, skillId, level, ...rest] = cell.split(':');
  if (!userId || !skillId || rest.length > 0) return null;
  if (level === undefined) return { key: `${userId}:${skillId}`, level: commonLevel };
  const known = levels.find((l) => l === level);
  return known ? { key: `${userId}:${skillId}`, level: known } : null;
}

/**
 * The cells a grid sends (whole rows first, then the cells chosen one by one, which win
 * over their row's common level; empty selects skipped), one per person and skill; null
 * when one is malformed.
 */
export function gridLevels<L extends string>(
  cells: readonly string[],
  commonLevel: L,
  levels: readonly L[],
): { userId: string; skillId: string; level: L }[] | null {
  const chosen = new Map<string, L>();
  for (const cell of cells.filter((c) => c !== '')) {
    const parsed = gridCell(cell, commonLevel, levels);
    if (!parsed) return null;
    chosen.set(parsed.key, parsed.level);
  }
  return [...chosen].map(([key, level]) => {
    const [userId, skillId] = key.split(':') as [string, string];
    return { userId, skillId, level };
  });
}
