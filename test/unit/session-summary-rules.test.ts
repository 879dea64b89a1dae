import { expect } from 'chai';
import { weeksOfLeaderDay } from '../../src/features/home/leader-day-rules.js';
import { regularsOfSessions, REGULARS_KEPT, withRegularChanges } from '../../src/features/sessions/regulars-rules.js';
import {
  summaryDifferences,
  summaryRow,
  summaryTotals,
  weekDifference,
} from '../../src/features/validation/session-summary-rules.js';

describe('a session’s summary, a workshop’s regulars, the home’s weeks (pure)', () => {
  it('counts the skills left and the certificates ready, for attendees with or without an account', () => {
    const skills = ['a', 'b', 'c'];
    const done = summaryRow({ resident: 'r1', user: 'u1' }, skills, new Set(['a', 'b', 'c']), { eligible: true, issued: false });
    const half = summaryRow({ resident: 'r2', user: 'u2' }, skills, new Set(['a']), { eligible: false, issued: false });
    const issued = summaryRow({ resident: 'r3', user: 'u3' }, skills, new Set(skills), { eligible: true, issued: true });
    const noAccount = summaryRow({ resident: 'r4', user: null }, skills, new Set(), undefined);
    expect([done.pending, half.pending, issued.pending, noAccount.pending]).to.deep.equal([0, 2, 0, 3]);
    expect([done.ready, half.ready, issued.ready, noAccount.ready]).to.deep.equal([true, false, false, false]);
    expect(summaryTotals([done, half, issued, noAccount])).to.deep.equal({ pendingSkills: 5, readyCertificates: 1 });
  });

  it('reports a kept summary that differs from the rebuilt one, whatever the rows’ order', () => {
    const a = { resident: 'r1', user: 'u1', pending: 1, ready: false };
    const b = { resident: 'r2', user: null, pending: 3, ready: false };
    expect(summaryDifferences('s', [b, a], [a, b])).to.deep.equal([]);
    expect(summaryDifferences('s', null, [a])).to.have.length(1);
    expect(summaryDifferences('s', [a], [{ ...a, pending: 0 }])[0]).to.include('r1/u1/1/false → r1/u1/0/false');
  });

  it('keeps a workshop’s regulars latest first, updated by changes as rebuilt from sessions', () => {
    const d = (day: string) => new Date(`${day}T13:30:00Z`);
    const sessions = [
      { date: d('2026-11-02'), attendees: ['x', 'y'] },
      { date: d('2026-11-16'), attendees: ['y', 'z'] },
    ];
    expect(regularsOfSessions(sessions).map((r) => r.resident)).to.deep.equal(['y', 'z', 'x']);
    // z unticked from the second session (no other), w ticked on a third.
    const changed = withRegularChanges(
      regularsOfSessions(sessions),
      new Map([
        ['z', null],
        ['w', d('2026-11-30')],
      ]),
    );
    const rebuilt = regularsOfSessions([
      sessions[0]!,
      { date: d('2026-11-16'), attendees: ['y'] },
      { date: d('2026-11-30'), attendees: ['w'] },
    ]);
    expect(changed).to.deep.equal(rebuilt);
    const many = new Map(Array.from({ length: REGULARS_KEPT + 5 }, (_, i) => [`r${i}`, d('2026-01-01')] as const));
    expect(withRegularChanges([], many)).to.have.length(REGULARS_KEPT);
  });

  it('reads this week and the two before, by their Mondays in Brest', () => {
    // Wednesday 2 December 2026.
    expect(weeksOfLeaderDay(new Date('2026-12-02T09:00:00Z'))).to.deep.equal(['2026-11-30', '2026-11-23', '2026-11-16']);
    // Sunday 6 December, 23:30 in Brest is still that Sunday.
    expect(weeksOfLeaderDay(new Date('2026-12-06T22:30:00Z'))[0]).to.equal('2026-11-30');
  });

  it('tells a summary without its session’s week (written before the key) or with another week', () => {
    expect(weekDifference('s1', { week: '2026-11-30' }, '2026-11-30')).to.deep.equal([]);
    expect(weekDifference('s1', {}, '2026-11-30')).to.deep.equal(['séance s1 : semaine — → 2026-11-30']);
    expect(weekDifference('s1', { week: null }, '2026-11-30')).to.have.length(1);
    expect(weekDifference('s1', { week: '2026-11-23' }, '2026-11-30')).to.deep.equal([
      'séance s1 : semaine 2026-11-23 → 2026-11-30',
    ]);
    // No summary at all: the rows' difference says so, not the week's.
    expect(weekDifference('s1', null, '2026-11-30')).to.deep.equal([]);
  });
});
