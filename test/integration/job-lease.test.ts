import { expect } from 'chai';
import { JobLease, leasePeriod, takeLease } from '../../src/platform/job-lease.js';
import { clearDatabase } from '../helpers/test-env.js';

const HOUR = 3_600_000;

describe('background job leases (real database)', () => {
  beforeEach(clearDatabase);

  it('lets exactly one of several instances run a job per period', async () => {
    const now = new Date('2026-11-30T10:15:00Z');
    const instances = ['app-1:101', 'app-2:202', 'app-3:303', 'app-4:404'];
    const won = await Promise.all(instances.map((holder) => takeLease('retention', HOUR, now, holder)));
    expect(won.filter(Boolean)).to.have.length(1);
    const lease = await JobLease.findById(`retention:${leasePeriod(now, HOUR)}`).lean();
    expect(lease!.holder).to.equal(instances[won.indexOf(true)]);
    // Later in the same period: nobody runs it again, not even the winner.
    expect(await takeLease('retention', HOUR, new Date('2026-11-30T10:59:59Z'), lease!.holder)).to.equal(false);
  });

  it('runs again in the next period, and keeps jobs apart', async () => {
    const now = new Date('2026-11-30T10:15:00Z');
    expect(await takeLease('retention', HOUR, now, 'a')).to.equal(true);
    expect(await takeLease('purge', HOUR, now, 'b')).to.equal(true);
    expect(await takeLease('retention', HOUR, new Date('2026-11-30T11:00:00Z'), 'b')).to.equal(true);
  });

  it('forgets leases ten periods old', async () => {
    const start = new Date('2026-11-30T00:00:00Z');
    await takeLease('purge', HOUR, start, 'a');
    await takeLease('purge', HOUR, new Date(start.getTime() + 5 * HOUR), 'a');
    expect(await JobLease.countDocuments({ job: 'purge' })).to.equal(2);
    await takeLease('purge', HOUR, new Date(start.getTime() + 11 * HOUR), 'a');
    const left = await JobLease.find({ job: 'purge' }).lean();
    expect(left.map((l) => l.at.toISOString()).sort()).to.deep.equal(['2026-11-30T05:00:00.000Z', '2026-11-30T11:00:00.000Z']);
  });
});
