import { expect } from 'chai';
import { dayInBrest, formatDate, isDay } from '../../src/platform/day.js';

describe('days in Brest (platform/day.ts)', () => {
  it('gives the calendar day in Brest, not in UTC', () => {
    expect(dayInBrest(new Date('2026-11-29T22:59:59Z'))).to.equal('2026-11-29');
    expect(dayInBrest(new Date('2026-11-29T23:30:00Z'))).to.equal('2026-11-30'); // 00:30 in winter
    expect(dayInBrest(new Date('2026-06-30T22:30:00Z'))).to.equal('2026-07-01'); // 00:30 in summer
  });

  it('formats a date the same way for every view, in French or English', () => {
    expect(formatDate(new Date('2026-11-29T12:00:00Z'), 'fr')).to.equal('29 novembre 2026');
    expect(formatDate('2026-11-29T12:00:00Z', 'en')).to.equal('29 November 2026');
    expect(formatDate(null, 'fr')).to.equal('');
  });

  it('shows a day stored at 00:00 or noon UTC, or an instant late at night, as that day in Brest', () => {
    expect(formatDate(new Date('2026-03-05T00:00:00Z'), 'fr')).to.equal('5 mars 2026');
    expect(formatDate(new Date('2026-03-05T12:00:00Z'), 'fr')).to.equal('5 mars 2026');
    expect(formatDate(new Date('2026-03-04T23:15:00Z'), 'fr')).to.equal('5 mars 2026');
  });

  it('recognises a YYYY-MM-DD day', () => {
    expect(isDay('2026-11-29')).to.equal(true);
    expect(isDay('29/11/2026')).to.equal(false);
  });
});
