import { expect } from 'chai';
import { auditMonth } from '../../src/platform/audit.model.js';
import {
  addDays,
  addMonths,
  dayInBrest,
  formatDate,
  formatMonth,
  formatShortMonth,
  isDay,
  isRealDay,
  monthInBrest,
} from '../../src/platform/day.js';

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

describe('months and days in Brest (platform/day.ts)', () => {
  it('puts an event just after midnight on the first of the month in the new month', () => {
    // 00:30 in Brest on 1 April (summer time, UTC+2) and on 1 December (winter, UTC+1).
    expect(monthInBrest(new Date('2026-03-31T22:30:00Z'))).to.equal('2026-04');
    expect(monthInBrest(new Date('2026-11-30T23:30:00Z'))).to.equal('2026-12');
    expect(auditMonth(new Date('2026-11-30T23:30:00Z'))).to.equal('2026-12');
    // Still the last day of the month in Brest.
    expect(monthInBrest(new Date('2026-03-31T21:59:59Z'))).to.equal('2026-03');
  });

  it('adds days and months across the ends of months and years', () => {
    expect(addDays('2026-02-28', 1)).to.equal('2026-03-01');
    expect(addDays('2026-01-01', -1)).to.equal('2025-12-31');
    expect(addMonths('2026-01', -1)).to.equal('2025-12');
    expect(addMonths('2026-12', 1)).to.equal('2027-01');
  });

  it('names a month in French or English, whole or short', () => {
    expect(formatMonth('2026-11', 'fr')).to.equal('novembre 2026');
    expect(formatMonth('2026-01', 'en')).to.equal('January 2026');
    expect(formatShortMonth('2026-02', 'fr')).to.equal('févr');
  });

  it('knows a day that exists from one that does not', () => {
    expect(isRealDay('2028-02-29')).to.equal(true);
    expect(isRealDay('2026-02-29')).to.equal(false);
  });
});
