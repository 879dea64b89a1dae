/**
 * `npm run seed:scale -- --residents N [--attempts-per-resident 100] [--seed 1] [--reset] [--without-audit-months]`
 * Realistic data at a city's size, for `npm run bench`: N residents on four sites, in
 * households of about 2.5 people, with support entries of every kind over three years,
 * workshop sessions, about 100 answers per resident, validations, progress documents
 * that agree with them, certificates and audit events (scripts/scale-data.ts builds them).
 * One leader per site, anim1.scale … anim4.scale, password printed at the end.
 *
 * Writes with insertMany (unordered, in batches of 1,000, a few at a time) straight into
 * the models' collections: going through recordAttempt() one answer at a time would take
 * hours. The first chunk is checked against the Mongoose schemas before anything is written.
 * Refused in production, and on a database that has scale data already unless --reset.
 *
 * Every document is as the app writes it (audit events with their month, residents with
 * their search keys, accounts with who made them), and then the activity log and the
 * statistics are made as the app keeps them (the activity backfill, the statistics'
 * rebuild): the app starts on it with no migration to run. `--without-audit-months`
 * writes the audit events as an older version did, and clears the audit-month
 * migration's marker: the next start has that migration to run (the case of issue 20).
 */
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import type mongoose from 'mongoose';
import { User } from '../src/features/accounts/user.model.js';
import { Certificate } from '../src/features/certificates/certificate.model.js';
import { CertificateListCounter } from '../src/features/certificates/certificate-list-counter.model.js';
import { progressOverviewMigration } from '../src/features/progress/index.js';
import { Attempt, Progress, ProgressOverview } from '../src/features/progress/progress.model.js';
import { Household } from '../src/features/residents/household.model.js';
import { Resident } from '../src/features/residents/resident.model.js';
import { SupportEntry } from '../src/features/residents/support-entry.model.js';
import { WorkshopSession } from '../src/features/sessions/workshop-session.model.js';
import { Site } from '../src/features/sites/site.model.js';
import { ValidationEvent } from '../src/features/validation/validation.model.js';
import { StatCounter, StatFact } from '../src/features/statistics/stat-counter.model.js';
import { ActivityRecord } from '../src/platform/activity.model.js';
import { AuditEvent } from '../src/platform/audit.model.js';
import {
  generateChunk,
  leaderDocs,
  loadScaleContent,
  planScale,
  SCALE_PASSWORD,
  SCALE_SITES,
  siteDocs,
  type ScaleChunk,
} from './scale-data.js';
import { certificateListSlotsMigration } from '../src/features/certificates/index.js';
import { rebuildStatistics } from '../src/features/statistics/index.js';
import { ACTIVITY_BACKFILLS } from '../src/jobs.js';
import { runActivityBackfills } from '../src/platform/activity-backfill.js';
import { auditMonthMigration } from '../src/platform/audit.repository.js';
import { directContext } from '../src/platform/background.js';
import { markMigrationDone, MigrationMarker } from '../src/platform/migrations.js';
import { rebuildListParts } from './name-parts-rebuild.js';
import { out, progress } from './progress.js';
import type { Config } from '../src/config.js';
import { useAppScope } from './app-scope.js';
import { rebuildSessionDocuments } from './session-rebuild.js';
import { withDatabase } from './with-database.js';

const BATCH = 1000;
const IN_FLIGHT = 4;

const { values: args } = parseArgs({
  options: {
    residents: { type: 'string' },
    'attempts-per-resident': { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    reset: { type: 'boolean', default: false },
    'without-audit-months': { type: 'boolean', default: false },
  },
});
const residents = Number(args.residents);
const attemptsPerResident = Number(args['attempts-per-resident']);
if (!Number.isInteger(residents) || residents < 1 || !Number.isFinite(attemptsPerResident) || attemptsPerResident < 0) {
  process.stderr.write(
    'Usage : npm run seed:scale -- --residents N [--attempts-per-resident 100] [--seed 1] [--reset] [--without-audit-months]\n',
  );
  process.exit(2);
}

/** Which collection each part of a chunk goes to. */
const TARGETS: [keyof ScaleChunk, mongoose.Model<never>][] = [
  ['households', Household as never],
  ['residents', Resident as never],
  ['users', User as never],
  ['supportEntries', SupportEntry as never],
  ['sessions', WorkshopSession as never],
  ['attempts', Attempt as never],
  ['progress', Progress as never],
  ['progressOverviews', ProgressOverview as never],
  ['validationEvents', ValidationEvent as never],
  ['certificates', Certificate as never],
  ['auditEvents', AuditEvent as never],
];

/** Bounded parallel inserts: FerretDB and PostgreSQL use the second core meanwhile. */
class Writer {
  private inflight = new Set<Promise<void>>();
  errors = 0;
  firstError: unknown;
  written = 0;
  async insert(model: mongoose.Model<never>, docs: Record<string, unknown>[]) {
    for (let i = 0; i < docs.length; i += BATCH) {
      const batch = docs.slice(i, i + BATCH);
      while (this.inflight.size >= IN_FLIGHT) await Promise.race(this.inflight);
      const p: Promise<void> = model.collection
        .insertMany(batch, { ordered: false })
        .then(
          (res) => {
            this.written += res.insertedCount;
          },
          (err: { insertedCount?: number; writeErrors?: unknown[] }) => {
            this.written += err.insertedCount ?? 0;
            this.errors += err.writeErrors?.length ?? batch.length;
            this.firstError ??= err;
          },
        )
        .finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }
  async drain() {
    await Promise.all(this.inflight);
  }
}

/** Checks one chunk against the real schemas: a model change shows here, not in the app. */
async function checkAgainstModels(chunk: ScaleChunk): Promise<void> {
  for (const [key, model] of TARGETS) {
    for (const doc of chunk[key].slice(0, 50)) {
      await new (model as unknown as new (d: object) => mongoose.Document)(doc).validate().catch((err: Error) => {
        throw new Error(`seed:scale builds a ${model.modelName} that its schema refuses: ${err.message}`);
      });
    }
  }
}

/** Empties a collection by dropping it (one statement) and creating it again with its indexes. */
async function recreate(model: mongoose.Model<never>): Promise<void> {
  await model.collection.drop().catch(() => undefined);
  await model.createCollection();
  await model.createIndexes();
}

/**
 * Removes what seed:scale wrote. FerretDB deletes slowly (it reads, then deletes by
 * `_id`), so a collection that holds nothing but scale data (the usual case: a database
 * made for the bench) is dropped and created again; otherwise its scale documents are
 * deleted by site, or by account for attempts and progress (slow).
 */
async function dropScaleData(): Promise<void> {
  const sites = await Site.find({ name: { $in: SCALE_SITES.map((s) => s.name) } }).lean();
  const siteIds = sites.map((s) => s._id);
  const users: mongoose.Types.ObjectId[] = [];
  for (const site of siteIds) users.push(...(await User.find({ site }, { _id: 1 }).lean()).map((u) => u._id));
  const userIds = new Set(users.map(String));
  // Attempts and progress belong to accounts, not sites: count the scale ones from progress.
  const progress = await Progress.collection.find({}, { projection: { exercises: 1 } }).toArray();
  const scaleProgress = progress.filter((d) => userIds.has(String(d._id)));
  const scaleAttempts = scaleProgress.reduce(
    (n, d) =>
      n + Object.values((d.exercises ?? {}) as Record<string, { attempts?: number }>).reduce((a, e) => a + (e.attempts ?? 0), 0),
    0,
  );
  const perUser = async (work: (user: mongoose.Types.ObjectId) => Promise<unknown>) => {
    for (let i = 0; i < users.length; i += 8) await Promise.all(users.slice(i, i + 8).map(work));
  };
  if ((await Attempt.collection.countDocuments({})) <= scaleAttempts) await recreate(Attempt as never);
  else {
    out('  D’autres réponses que celles d’échelle : suppression compte par compte (lent).');
    await perUser((user) => Attempt.collection.deleteMany({ user }));
  }
  if (progress.length === scaleProgress.length) {
    await recreate(Progress as never);
    await recreate(ProgressOverview as never);
  } else
    await perUser((_id) => Promise.all([Progress.collection.deleteOne({ _id }), ProgressOverview.collection.deleteOne({ _id })]));

  // With what the app keeps of them: their activity log, statistics and certificates' list counters.
  const derived = [ActivityRecord, StatFact, StatCounter, CertificateListCounter].map((m) => ['derived', m as never] as const);
  for (const [, model] of [...TARGETS, ...derived, ['sites', Site] as const]) {
    if (model === (Attempt as never) || model === (Progress as never) || model === (ProgressOverview as never)) continue;
    const field = model === (Site as never) ? '_id' : 'site';
    let scale = 0;
    for (const site of siteIds) scale += await model.collection.countDocuments({ [field]: site });
    if ((await model.collection.countDocuments({})) === scale) await recreate(model as never);
    else for (const site of siteIds) await model.collection.deleteMany({ [field]: site });
  }
}

/**
 * What the app keeps beside the documents: the activity log and the statistics (as its
 * start-up backfill and `npm run stats:rebuild` make them), and the migrations' markers.
 */
async function derivedData(auditMonths: boolean, config: Config): Promise<void> {
  out('Journal d’activité et statistiques, comme l’application les tient / activity log and statistics…');
  const backfill = progress('journal d’activité / activity log');
  // Larger inserts than the app's background job: nothing else uses this database now.
  const written = await runActivityBackfills(ACTIVITY_BACKFILLS, backfill, 1000);
  backfill.done(`${Object.values(written).reduce((a, b) => a + b, 0)} enregistrements / records`);
  const stats = progress('statistiques / statistics');
  const report = await rebuildStatistics({ onSite: (done, total) => out(`  statistiques : espace ${done}/${total}`) });
  stats.done(`${report.written} documents`);
  // The sessions' regulars and summaries, as the app keeps them (in its scope: catalogue, certificate rules).
  await useAppScope(config);
  await rebuildSessionDocuments(false);
  // The progress overviews were written with each chunk, as the app writes them: nothing to migrate.
  await markMigrationDone(progressOverviewMigration.name, 0);
  // Each certificate's place in the staff list, from its month's counter, as issuing takes it.
  const places = progress('attestations : places dans la liste / certificates: list places');
  const placed = await certificateListSlotsMigration.run(directContext);
  await markMigrationDone(certificateListSlotsMigration.name, placed);
  places.done(`${placed} attestations`);
  // The lists' parts by name and the residents' copies of their households, as the app lays them out.
  await rebuildListParts(false);
  if (!auditMonths) {
    // A database of an older version: the audit-month migration has not run on it.
    await MigrationMarker.deleteOne({ _id: auditMonthMigration.name });
    out(
      '  Événements du journal sans mois : la migration se fera au prochain démarrage / audit events without month: migrated at the next start.',
    );
  }
}

await withDatabase(async ({ config }) => {
  if (config.NODE_ENV === 'production') {
    process.stderr.write('Refusé : pas de données d’échelle en production (NODE_ENV=production).\n');
    process.exitCode = 1;
    return;
  }
  const started = Date.now();
  const existing = await Site.findOne({ name: { $in: SCALE_SITES.map((s) => s.name) } }).lean();
  if (existing && !args.reset) {
    process.stderr.write(
      'Cette base a déjà des données d’échelle. Relancez avec --reset pour les remplacer.\n' +
        'This database already has scale data. Run again with --reset to replace it.\n',
    );
    process.exitCode = 1;
    return;
  }
  if (existing) {
    out('Suppression des données d’échelle précédentes / dropping the previous scale data…');
    await dropScaleData();
    out(`  fait en ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const content = await loadScaleContent(path.join(config.ROOT_DIR, 'content'));
  const passwordHash = await argon2.hash(SCALE_PASSWORD, { type: argon2.argon2id });
  const auditMonths = !args['without-audit-months'];
  const plan = planScale({
    residents,
    attemptsPerResident,
    seed: Number(args.seed) || 1,
    now: new Date(),
    passwordHash,
    auditMonths,
  });
  const writer = new Writer();
  const t0 = Date.now();
  await Site.collection.insertMany(siteDocs(plan), { ordered: false });
  await User.collection.insertMany(leaderDocs(plan), { ordered: false });

  const totals: Partial<Record<keyof ScaleChunk, number>> = {};
  let nextReport = 0.05;
  out(`${residents} résidents, ${plan.sites.length} espaces, ${plan.chunks.length} blocs de ${plan.chunks[0]?.residents ?? 0}…`);
  for (const c of plan.chunks) {
    const chunk = generateChunk(plan, content, c.index);
    if (c.index === 0) await checkAgainstModels(chunk);
    for (const [key, model] of TARGETS) {
      totals[key] = (totals[key] ?? 0) + chunk[key].length;
      await writer.insert(model, chunk[key]);
    }
    const done = (c.firstResident + c.residents) / residents;
    if (done >= nextReport || c.index === plan.chunks.length - 1) {
      const s = (Date.now() - t0) / 1000;
      out(
        `  ${Math.round(done * 100)} % : ${c.firstResident + c.residents} résidents, ${writer.written} documents ` +
          `en ${s.toFixed(0)} s (${Math.round(writer.written / s)} documents/s)`,
      );
      while (nextReport <= done) nextReport += 0.05;
    }
  }
  await writer.drain();
  const insertSeconds = (Date.now() - t0) / 1000;
  await derivedData(auditMonths, config);
  const seconds = (Date.now() - started) / 1000;
  out('');
  for (const [key, n] of Object.entries(totals)) out(`  ${key.padEnd(17)} ${String(n).padStart(9)}`);
  const load = loadavg()[0]!.toFixed(1);
  out(
    `\n${writer.written} documents écrits en ${insertSeconds.toFixed(1)} s ` +
      `(${Math.round(writer.written / insertSeconds)} documents/s) ; total ${seconds.toFixed(1)} s ; ` +
      `charge de la machine ${load} sur ${cpus().length} cœurs.`,
  );
  if (writer.errors) {
    process.stderr.write(`${writer.errors} documents refusés ; premier refus : ${String(writer.firstError)}\n`);
    process.exitCode = 1;
  }
  out(
    `Animateurs : ${plan.leaders.map((l) => l.username).join(', ')} ; ` +
      `tous les comptes d’échelle ont le mot de passe ${SCALE_PASSWORD}`,
  );
});
