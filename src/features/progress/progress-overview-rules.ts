/**
 * A learner's progress overview: the part of their progress document that the pages of
 * counts read (home, catalogue, a workshop's page, "ma progression"), kept in a small
 * document of its own. Each exercise answered is one boolean (solved or not) instead of
 * its seven fields, each skill keeps its self-assessment, best score and the validation's
 * level, name and date (no comment: a free text the erasure blanks). Its content does
 * not depend on the catalogue, so a change of content never makes it stale. Pure.
 */
import type { LastVisit, ProgressDoc, SelfLevel, ValidationLevel } from './progress.types.js';

export interface OverviewValidation {
  byName: string;
  date: Date;
  level: ValidationLevel;
}

export interface OverviewSkill {
  self?: SelfLevel;
  bestScore?: number;
  validation?: OverviewValidation;
}

export interface OverviewData {
  /** Each exercise answered: true once solved. */
  answered: Record<string, boolean>;
  skills: Record<string, OverviewSkill>;
  last?: Omit<LastVisit, 'at'>;
}

/** What the pages of counts read: the shape of ProgressData that summarizeModule and nextStep use. */
export interface ProgressOverview {
  exercises: Record<string, { solved: boolean }>;
  skills: Record<string, OverviewSkill>;
  last?: Omit<LastVisit, 'at'>;
}

export const overviewValidation = (v: OverviewValidation): OverviewValidation => ({
  byName: v.byName,
  date: v.date,
  level: v.level,
});

export const overviewLast = (l: Omit<LastVisit, 'at'>): Omit<LastVisit, 'at'> => ({ module: l.module, kind: l.kind, id: l.id });

/** The overview of a progress document, as the writes keep it (progress.service.ts). */
export function overviewOf(doc: Pick<ProgressDoc, 'skills' | 'exercises' | 'last'> | null): OverviewData {
  const answered: Record<string, boolean> = {};
  for (const [id, e] of Object.entries(doc?.exercises ?? {})) answered[id] = Boolean(e.solved);
  const skills: Record<string, OverviewSkill> = {};
  for (const [id, s] of Object.entries(doc?.skills ?? {})) {
    const o: OverviewSkill = {};
    if (s.self !== undefined) o.self = s.self;
    if (s.bestScore !== undefined) o.bestScore = s.bestScore;
    if (s.validation) o.validation = overviewValidation(s.validation);
    skills[id] = o;
  }
  return doc?.last ? { answered, skills, last: overviewLast(doc.last) } : { answered, skills };
}

export function progressOfOverview(o: Partial<OverviewData> | null): ProgressOverview {
  const exercises: Record<string, { solved: boolean }> = {};
  for (const [id, solved] of Object.entries(o?.answered ?? {})) exercises[id] = { solved };
  return { exercises, skills: o?.skills ?? {}, last: o?.last };
}

/** One line per field that differs between a stored overview and its progress's (`npm run stats:rebuild`). */
export function overviewDifferences(userId: string, have: Partial<OverviewData> | null, want: OverviewData): string[] {
  if (!have) return [`progression ${userId} : résumé absent / overview missing`];
  const out: string[] = [];
  for (const part of ['answered', 'skills', 'last'] as const) {
    const a = canonical(have[part] ?? (part === 'last' ? null : {}));
    const b = canonical(want[part] ?? (part === 'last' ? null : {}));
    if (a !== b) out.push(`progression ${userId} : ${part} ${a} ≠ ${b}`);
  }
  return out;
}

/** JSON with sorted keys and dates as ISO strings: two overviews compare whatever their order of fields. */
function canonical(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (x instanceof Date) return x.toISOString();
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === 'object') {
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, norm((x as Record<string, unknown>)[k])]),
      );
    }
    return x;
  };
  return JSON.stringify(norm(v));
}
