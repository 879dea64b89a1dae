/**
 * The activity log: what happened, recorded by the feature where it happened, read by
 * whoever keeps a figure of it (the statistics) without importing that feature. One
 * record per event, under an id its writer chooses (`<type>:<subject>` for what happens
 * once, such as a support entry; `<type>:<subject>:<change>` for each new state of
 * something that changes, such as a household's subscription): the insert is the judge,
 * so a retried request records nothing twice (an insert guarded by a unique `_id` is
 * atomic on FerretDB 1.x as on MongoDB).
 *
 * After the insert, the app's listeners run (createApp declares them: the statistics'
 * counters); they run again on a retry, and must be idempotent. Code outside a request
 * (a script, a background job) runs inside the app's scope (app-scope.ts) or records
 * with no listener at all.
 */
import mongoose from 'mongoose';
import { appScoped } from './app-scope.js';
import { insertActivity, type ActivityDoc } from './activity.repository.js';

export interface Activity {
  id: string;
  type: string;
  subject: string;
  site: string | null;
  at: Date;
  data: Record<string, unknown>;
}

export type ActivityListener = (activity: Activity) => Promise<void>;

export const activityListeners = appScoped<readonly ActivityListener[]>('activity listeners');

/** The id of a new state of `subject`: its changes sort by time, then in the order written. */
export const changeId = (type: string, subject: string) => `${type}:${subject}:${new mongoose.Types.ObjectId().toHexString()}`;

export const toDoc = (a: Activity): ActivityDoc => ({
  _id: a.id,
  type: a.type,
  subject: a.subject,
  ...(a.site ? { site: new mongoose.Types.ObjectId(a.site) } : {}),
  at: a.at,
  data: a.data,
});

export const fromDoc = (d: ActivityDoc): Activity => ({
  id: d._id,
  type: d.type,
  subject: d.subject,
  site: d.site ? String(d.site) : null,
  at: d.at,
  data: d.data ?? {},
});

/** Records what happened, once, then tells the app's listeners (again on a retry). */
export async function recordActivity(activity: Activity): Promise<void> {
  await insertActivity(toDoc(activity));
  for (const listener of activityListeners.get()) await listener(activity);
}

/**
 * The latest state of each subject among `records` of state changes: by time, then by
 * id (a change's id sorts after a backfill's, written with the zero id).
 */
export function latestBySubject(records: Activity[]): Map<string, Activity> {
  const sorted = [...records].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map(sorted.map((r) => [r.subject, r]));
}

/** The id of a state recorded by a backfill: sorts before any change recorded at the same instant. */
export const backfillId = (type: string, subject: string) => `${type}:${subject}:${'0'.repeat(24)}`;
