/**
 * One instance runs each background job: before a run, an instance takes the lease of
 * the job's current period by inserting a document whose _id names job and period. The
 * insert is the judge (a unique _id is atomic on MongoDB and on FerretDB 1.x alike,
 * where an update is not), so of several instances sharing one database exactly one
 * runs the job per period, and the others skip it. An instance that dies mid-run leaves
 * the period done; the next period runs again.
 */
import { hostname } from 'node:os';
import mongoose from 'mongoose';
import { isDuplicateKey } from './ids.js';

const jobLeaseSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    holder: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'jobLeases', versionKey: false },
);
jobLeaseSchema.index({ job: 1, at: 1 });

export const JobLease = mongoose.model('JobLease', jobLeaseSchema);

/** This process, as named in the leases it holds. */
export const THIS_INSTANCE = `${hostname()}:${process.pid}`;

/** The period of `now` for a job run every `everyMs`: the same number on every instance. */
export function leasePeriod(now: Date, everyMs: number): number {
  return Math.floor(now.getTime() / everyMs);
}

/**
 * Takes the lease of `job` for the period of `now`: true when this caller runs it, false
 * when another instance (or an earlier run of this one) already has it.
 */
export async function takeLease(job: string, everyMs: number, now: Date, holder = THIS_INSTANCE): Promise<boolean> {
  const period = leasePeriod(now, everyMs);
  try {
    await JobLease.create({ _id: `${job}:${period}`, job, holder, at: now });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  // Past periods are kept a little for whoever looks, then forgotten.
  await JobLease.deleteMany({ job, at: { $lt: new Date(now.getTime() - 10 * everyMs) } });
  return true;
}
