/**
 * Data migrations run at start (documents written by an older version get what the
 * current one writes): each has a marker document named after it. A finished migration
 * is marked done and costs one lookup by `_id` at the next start; an unfinished one
 * (the app stopped, or died) resumes, since each migration first scans for the documents
 * still needing the change, then writes them by `_id` in small batches (background.ts).
 */
import mongoose from 'mongoose';
import type { JobContext } from './background.js';
import { namedQueries } from './repository.js';

const migrationSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true, maxlength: 80 },
    startedAt: { type: Date, required: true },
    /** Documents changed, as counted at the last run. */
    changed: { type: Number, default: 0 },
    doneAt: { type: Date },
  },
  { collection: 'migrations', versionKey: false },
);

export const MigrationMarker = mongoose.model('MigrationMarker', migrationSchema);

const build = {
  migrationById: (name: string) => ({ model: MigrationMarker, filter: { _id: name } }),
};

export const migrationQueries = namedQueries(build, { migrationById: ['audit-month'] });

export interface Migration {
  /** Names its marker: never reused for another change. */
  name: string;
  /** Changes the documents that need it; answers how many. Calls `ctx.step()` between batches. */
  run(ctx: JobContext): Promise<number>;
}

/** Whether a migration is marked done. */
export async function migrationDone(name: string): Promise<boolean> {
  const marker = await MigrationMarker.findOne(build.migrationById(name).filter).lean<{ doneAt?: Date }>();
  return Boolean(marker?.doneAt);
}

/** Marks a migration done: a command made the same change on every document (`npm run stats:rebuild`). */
export async function markMigrationDone(name: string, changed: number): Promise<void> {
  const filter = build.migrationById(name).filter;
  await MigrationMarker.updateOne(
    filter,
    { $set: { doneAt: new Date(), changed }, $setOnInsert: { startedAt: new Date() } },
    { upsert: true },
  );
}

/** A read by `_id` in this small collection: the health check's (health.ts), through the engine's pool as a page's. */
export async function probeRead(): Promise<void> {
  await MigrationMarker.findOne(build.migrationById('healthz').filter).lean();
}

/**
 * Runs the migrations not done yet, in order; answers what each changed (nothing for
 * those done before). A Stopped error (the app stopping) leaves the marker open.
 */
export async function runMigrations(migrations: readonly Migration[], ctx: JobContext): Promise<Record<string, number>> {
  const changed: Record<string, number> = {};
  for (const m of migrations) {
    if (await migrationDone(m.name)) continue;
    const filter = build.migrationById(m.name).filter;
    await MigrationMarker.updateOne(filter, { $setOnInsert: { startedAt: new Date() } }, { upsert: true });
    await ctx.step();
    changed[m.name] = await m.run(ctx);
    await MigrationMarker.updateOne(filter, { $set: { doneAt: new Date(), changed: changed[m.name] } });
  }
  return changed;
}

/**
 * Writes `ids` in batches of `size` (background.ts WRITE_BATCH), one `write` call per
 * batch and a step between them: the write part of a scan-then-write migration.
 */
export async function inBatches<T>(
  items: readonly T[],
  size: number,
  ctx: JobContext,
  write: (batch: T[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await write(items.slice(i, i + size));
    await ctx.step();
  }
}
