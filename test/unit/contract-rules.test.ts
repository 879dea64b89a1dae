import { expect } from 'chai';
import {
  contractDeadlines,
  daysLeft,
  deadlineState,
  easterSunday,
  frenchHolidays,
  isWorkingDay,
  upcomingDays,
  withdrawalDeadline,
} from '../../src/features/residents/contract-rules.js';

const service = (signedOn: string) => ({ contractKind: 'service' as const, signedOn: new Date(`${signedOn}T00:00:00Z`) });

describe('contract deadlines (pure)', () => {
  it('computes Easter Sunday (checked against published calendars)', () => {
    expect(easterSunday(2024)).to.equal('2024-03-31');
    expect(easterSunday(2025)).to.equal('2025-04-20');
    expect(easterSunday(2026)).to.equal('2026-04-05');
    expect(easterSunday(2027)).to.equal('2027-03-28');
    expect(easterSunday(2038)).to.equal('2038-04-25');
    expect(easterSunday(2285)).to.equal('2285-03-22'); // the earliest possible date
  });

  it('lists the eleven French public holidays, the moving ones from Easter', () => {
    const h = frenchHolidays(2026);
    expect(h.size).to.equal(11);
    for (const d of ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14'])
      expect(h.has(d as never), d).to.equal(true);
    for (const d of ['2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25']) expect(h.has(d as never), d).to.equal(true);
    expect(h.has('2026-04-05' as never)).to.equal(false); // Easter Sunday is a Sunday, not a listed holiday
    expect(isWorkingDay('2026-12-24')).to.equal(true);
    expect(isWorkingDay('2026-12-25')).to.equal(false);
    expect(isWorkingDay('2026-12-26')).to.equal(false); // a Saturday
  });

  it('gives 14 days from the signature for a service, the signature day not counted', () => {
    expect(withdrawalDeadline(service('2026-12-02'))).to.equal('2026-12-16'); // Wednesday to Wednesday
    expect(withdrawalDeadline(service('2026-12-04'))).to.equal('2026-12-18');
  });

  it('moves a deadline on a Saturday or a Sunday to the Monday', () => {
    expect(withdrawalDeadline(service('2026-12-05'))).to.equal('2026-12-21'); // 19 December is a Saturday
    expect(withdrawalDeadline(service('2026-12-06'))).to.equal('2026-12-21'); // 20 December is a Sunday
  });

  it('moves a deadline on a public holiday to the next working day, over a weekend too', () => {
    // Friday 25 December 2026, then Saturday and Sunday: Monday 28.
    expect(withdrawalDeadline(service('2026-12-11'))).to.equal('2026-12-28');
    // Easter Monday 2027 (29 March): Tuesday.
    expect(withdrawalDeadline(service('2027-03-15'))).to.equal('2027-03-30');
    // Ascension Thursday 2026 (14 May): Friday.
    expect(withdrawalDeadline(service('2026-04-30'))).to.equal('2026-05-15');
    // Friday 8 May 2026, then the weekend: Monday 11.
    expect(withdrawalDeadline(service('2026-04-24'))).to.equal('2026-05-11');
    // Whit Monday 2026 (25 May): Tuesday.
    expect(withdrawalDeadline(service('2026-05-11'))).to.equal('2026-05-26');
    // 1 January 2028 is a Saturday: Monday 3 January.
    expect(withdrawalDeadline(service('2027-12-18'))).to.equal('2028-01-03');
  });

  it('counts from the delivery for goods, and knows nothing before the delivery', () => {
    const signedOn = new Date('2026-12-02T00:00:00Z');
    expect(withdrawalDeadline({ contractKind: 'bien', signedOn, deliveredOn: new Date('2026-12-04T00:00:00Z') })).to.equal(
      '2026-12-18',
    );
    expect(withdrawalDeadline({ contractKind: 'bien', signedOn })).to.equal(null);
    expect(withdrawalDeadline({ contractKind: 'service' })).to.equal(null);
  });

  it('lists the withdrawal deadline and the end of the commitment', () => {
    expect(contractDeadlines({ ...service('2026-12-02'), commitmentEnd: new Date('2027-12-02T00:00:00Z') })).to.deep.equal([
      { kind: 'retractation', day: '2026-12-16' },
      { kind: 'fin-engagement', day: '2027-12-02' },
    ]);
    expect(contractDeadlines({})).to.deep.equal([]);
  });

  it('counts the days left from today in Brest, with an explicit clock', () => {
    // 23:30 UTC on 15 December is 00:30 on 16 December in Brest.
    const now = new Date('2026-12-15T23:30:00Z');
    expect(daysLeft('2026-12-16', now)).to.equal(0);
    expect(daysLeft('2026-12-21', now)).to.equal(5);
    expect(deadlineState({ kind: 'retractation', day: '2026-12-15' }, now)).to.deep.equal({
      kind: 'retractation',
      day: '2026-12-15',
      daysLeft: -1,
      passed: true,
    });
    const days = upcomingDays(now);
    expect(days).to.have.length(15);
    expect(days[0]).to.equal('2026-12-16');
    expect(days[14]).to.equal('2026-12-30');
  });
});
