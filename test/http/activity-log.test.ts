/**
 * The activity log (platform/activity.ts) feeds the statistics: a retried record counts
 * once; data written before the log is recorded by the start-up backfill, site by site,
 * which resumes where it stopped and then agrees with the counters; the journal reads
 * its months in Brest time.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { findSessionUser, type SessionUser } from '../../src/features/accounts/index.js';
import { issueCertificate } from '../../src/features/certificates/index.js';
import {
  addEntry,
  createAccountFromRecord,
  createResident,
  recordNotice,
  type EntryInput,
} from '../../src/features/residents/index.js';
import { createSession, setAttendance } from '../../src/features/sessions/index.js';
import { rebuildStatistics } from '../../src/features/statistics/index.js';
import { validateSkill } from '../../src/features/validation/index.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { featureJobs } from '../../src/jobs.js';
import { recordActivity } from '../../src/platform/activity.js';
import { ActivityRecord } from '../../src/platform/activity.model.js';
import { audit } from '../../src/platform/audit.js';
import { StatCounter } from '../../src/features/statistics/stat-counter.model.js';
import { loggedIn, makeUser } from '../helpers/http.js';
import { identityInput } from '../helpers/residents-fixtures.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

const MODULE = 'decouvrir-ordinateur';
const day = (s: string) => new Date(`${s}T00:00:00Z`);

async function leaderOf(username: string, site: string): Promise<SessionUser> {
  const { user } = await makeUser(username, 'leader', site);
  return (await findSessionUser(user.id))!;
}

/** A little of everything the statistics count, at one site, through the services. */
async function activityAt(leader: SessionUser, tag: string): Promise<void> {
  const id = await createResident(leader, {
    ...identityInput(`Prénom${tag}`, `Nom${tag}`),
    dwelling: { address: '', building: `B${tag}`, entrance: '1', flat: '2', landlordRef: '' },
  });
  await recordNotice(leader, id, day('2026-01-05'));
  const entry = (kind: string, details: object, n: number) =>
    addEntry(leader, id, {
      kind,
      date: day('2026-02-10'),
      durationMinutes: 30,
      place: 'espace',
      notes: '',
      submission: `${tag}${n}`.padEnd(32, '0'),
      details,
    } as unknown as EntryInput);
  await entry('aide', { themes: ['courriel'], autonomy: 'seul', referral: '' }, 1);
  await entry('abonnement', { status: 'actif', offer: 'Accès', monthlyChargeCents: 100 }, 2);
  const session = await createSession(leader, { moduleId: MODULE, date: day('2026-02-12'), durationMinutes: 90, notes: '' });
  await setAttendance(leader, session, [id]);
  const { user } = await createAccountFromRecord(leader, id);
  for (const skill of catalogue().moduleById.get(MODULE)!.skills)
    await validateSkill(
      leader,
      user.id,
      skill.id,
      { method: 'atelier', level: 'seul', day: '2026-02-12', comment: '' },
      new Date(),
    );
  await issueCertificate(leader, user.id, MODULE, new Date());
}

const counters = async () =>
  (await StatCounter.find({}).lean<{ _id: string; c: Record<string, number> }[]>()).sort((a, b) => (a._id < b._id ? -1 : 1));

describe('activity log: statistics fed by events, data from before the log backfilled (real database)', function () {
  this.timeout(120_000);
  before(async () => {
    await getApp();
    await clearDatabase();
  });

  it('counts a record once however often it is told (a retried request)', async () => {
    const leader = await leaderOf('anim.log', 'Site du journal');
    await activityAt(leader, 'r');
    const before = await counters();
    const entry = (await ActivityRecord.findOne({ type: 'support-entry' }).lean<{ _id: string }>())!;
    const again = await ActivityRecord.findById(entry._id).lean<Record<string, unknown>>();
    await recordActivity({
      id: String(again!._id),
      type: String(again!.type),
      subject: String(again!.subject),
      site: String(again!.site),
      at: again!.at as Date,
      data: again!.data as Record<string, unknown>,
    });
    expect(await counters()).to.deep.equal(before);
    expect((await rebuildStatistics({ dryRun: true })).counters.differences).to.deep.equal([]);
  });

  it('records the data written before the log once, site by site, and resumes where it stopped', async () => {
    await clearDatabase();
    const [a, b] = [await leaderOf('anim.old.a', 'Ancien site A'), await leaderOf('anim.old.b', 'Ancien site B')];
    await activityAt(a, 'a');
    await activityAt(b, 'b');
    const kept = await counters();
    // As before the log existed: the counters were kept, no record was.
    await ActivityRecord.deleteMany({});
    const before = await rebuildStatistics({ dryRun: true });
    expect(before.counters.differences, 'without the log the rebuild finds nothing').to.not.deep.equal([]);

    const jobs = featureJobs(await getApp());
    const first = await jobs.atStart();
    expect(first['activity:support-entries']).to.equal(4);
    expect(first['activity:households']).to.equal(2);
    expect(first['activity:sessions']).to.equal(2);
    expect(first['activity:certificates']).to.equal(2);
    expect(first['activity:validations']).to.be.greaterThan(2);
    expect((await rebuildStatistics({ dryRun: true })).counters.differences).to.deep.equal([]);
    expect(await counters()).to.deep.equal(kept);

    // Done once: a second start records nothing.
    const second = await jobs.atStart();
    expect(Object.entries(second).filter(([k, n]) => k.startsWith('activity:') && n > 0)).to.deep.equal([]);

    // Stopped half-way through site B: the next start does site B, and only it.
    const siteB = (await mongoose.connection.db!.collection('sites').findOne({ name: 'Ancien site B' }))!._id;
    await ActivityRecord.deleteMany({ site: siteB });
    await ActivityRecord.deleteMany({ _id: { $regex: `^backfill:.*:${String(siteB)}$` } });
    const third = await jobs.atStart();
    expect(third['activity:support-entries']).to.equal(2);
    expect(third['activity:households']).to.equal(1);
    expect((await rebuildStatistics({ dryRun: true })).counters.differences).to.deep.equal([]);
  });

  it('a change after the backfill is the latest state: the counters follow it', async () => {
    const leader = (await findSessionUser(
      String((await mongoose.connection.db!.collection('users').findOne({ username: 'anim.old.a' }))!._id),
    ))!;
    const resident = (await mongoose.connection.db!.collection('residents').findOne({ firstName: 'Prénoma' }))!;
    await addEntry(leader, String(resident._id), {
      kind: 'abonnement',
      date: day('2026-03-01'),
      durationMinutes: 10,
      place: 'espace',
      notes: '',
      submission: 'c'.repeat(32),
      details: { status: 'termine', offer: '', monthlyChargeCents: null },
    } as unknown as EntryInput);
    expect((await rebuildStatistics({ dryRun: true })).counters.differences).to.deep.equal([]);
  });

  it('shows an event of 00:30 in Brest on the first of a month in that month of the journal', async () => {
    await makeUser('coord.log', 'coordinator');
    const c = await loggedIn('coord.log');
    const subject = `resident:${new mongoose.Types.ObjectId().toHexString()}`;
    await audit(null, 'resident.view', subject, {}, new Date('2026-03-31T22:30:00Z'));
    const april = await c.get('/journal?mois=2026-04').expect(200);
    const march = await c.get('/journal?mois=2026-03').expect(200);
    expect(april.text).to.include(encodeURIComponent(subject));
    expect(march.text).to.not.include(encodeURIComponent(subject));
  });
});
