import { expect } from 'chai';
import { mondayOf, planLeaderDay } from '../../src/features/home/leader-day-rules.js';

const s = (id: string, iso: string, attendeeCount = 0) => ({ id, date: new Date(iso), attendeeCount });

describe('the leader’s day (pure)', () => {
  it('finds the Monday of a week, in Brest days', () => {
    expect(mondayOf('2026-12-02')).to.equal('2026-11-30'); // a Wednesday
    expect(mondayOf('2026-11-30')).to.equal('2026-11-30');
    expect(mondayOf('2026-12-06')).to.equal('2026-11-30'); // a Sunday
  });

  it('sorts sessions into today, later this week, and recent ones with attendees to validate', () => {
    // Wednesday 2 December 2026, 10:00 in Brest.
    const now = new Date('2026-12-02T09:00:00Z');
    const plan = planLeaderDay(
      [
        s('today', '2026-12-02T13:00:00Z', 0),
        s('friday', '2026-12-04T09:00:00Z'),
        s('nextMonday', '2026-12-07T09:00:00Z'),
        s('monday', '2026-11-30T09:00:00Z', 4),
        s('empty', '2026-11-25T09:00:00Z', 0),
        s('tenDaysAgo', '2026-11-22T09:00:00Z', 2),
        s('old', '2026-11-10T09:00:00Z', 5),
        // 23:30 in Brest on 1 December is 22:30 UTC: the day before, not today.
        s('lateYesterday', '2026-12-01T22:30:00Z', 1),
      ],
      now,
    );
    expect(plan.today.map((x) => x.id)).to.deep.equal(['today']);
    expect(plan.laterThisWeek.map((x) => x.id)).to.deep.equal(['friday']);
    expect(plan.toValidate.map((x) => x.id)).to.deep.equal(['lateYesterday', 'monday', 'tenDaysAgo']);
  });
});
