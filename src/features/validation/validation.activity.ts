/**
 * What the validation feature tells the activity log (platform/activity.ts): each
 * validation and each withdrawal, once, by the id of its history line.
 */
import type { Activity } from '../../platform/activity.js';

export const VALIDATION_ACTIVITY = 'validation';

export interface ValidationActivity {
  kind: 'validation' | 'retrait';
  /** The day the leader saw the skill (a validation). */
  date: Date | null;
  at: Date;
}

type Id = { toString(): string };

export function validationActivity(v: {
  _id: Id;
  site?: Id | null;
  kind: 'validation' | 'retrait';
  date?: Date | null;
  at: Date;
}): Activity {
  const data: ValidationActivity = { kind: v.kind, date: v.date ?? null, at: v.at };
  return {
    id: `${VALIDATION_ACTIVITY}:${String(v._id)}`,
    type: VALIDATION_ACTIVITY,
    subject: String(v._id),
    site: v.site ? String(v.site) : null,
    at: v.at,
    data: { ...data },
  };
}
