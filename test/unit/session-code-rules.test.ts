import { expect } from 'chai';
import {
  CODE_ALPHABET,
  codeExpiry,
  codeWindow,
  looksLikeSessionCode,
  newSessionCode,
  normaliseSessionCode,
} from '../../src/features/session-codes/session-code-rules.js';

const MIN = 60_000;
const times = { earlyMs: 30 * MIN, validityMs: 15 * MIN };
// 5 March 2026, 14:00 in Brest (winter: UTC+1), 90 minutes.
const session = { date: new Date('2026-03-05T00:00:00Z'), startMinutes: 14 * 60, durationMinutes: 90 };

describe('workshops’ short codes (pure rules)', () => {
  it('draws 6 signs without 0, O, 1, I or L, shown as two groups of three', () => {
    for (const c of '0O1IL') expect(CODE_ALPHABET).to.not.include(c);
    let i = 0;
    const code = newSessionCode((max) => i++ % max);
    expect(code).to.equal('ABC-DEF');
    expect(normaliseSessionCode(' abc def ')).to.equal('ABCDEF');
    expect(looksLikeSessionCode('abc-def')).to.equal(true);
    expect(looksLikeSessionCode('ABC-DE0')).to.equal(false);
    expect(looksLikeSessionCode('ABCD-EFGH')).to.equal(false);
  });

  it('opens half an hour before the start and closes at the end, on Brest’s clocks', () => {
    const { opens, closes } = codeWindow(session, times.earlyMs);
    expect(opens.toISOString()).to.equal('2026-03-05T12:30:00.000Z');
    expect(closes.toISOString()).to.equal('2026-03-05T14:30:00.000Z');
    // Summer time: 14:00 in Brest is 12:00 UTC.
    const summer = codeWindow({ ...session, date: new Date('2026-07-02T00:00:00Z') }, times.earlyMs);
    expect(summer.opens.toISOString()).to.equal('2026-07-02T11:30:00.000Z');
  });

  it('gives a code only within the window, valid 15 minutes and never past the end', () => {
    expect(codeExpiry(session, new Date('2026-03-05T12:29:59Z'), times)).to.deep.equal({ ok: false });
    expect(codeExpiry(session, new Date('2026-03-05T12:30:00Z'), times)).to.deep.equal({
      ok: true,
      expiresAt: new Date('2026-03-05T12:45:00Z'),
    });
    expect(codeExpiry(session, new Date('2026-03-05T14:25:00Z'), times)).to.deep.equal({
      ok: true,
      expiresAt: new Date('2026-03-05T14:30:00Z'),
    });
    expect(codeExpiry(session, new Date('2026-03-05T14:30:00Z'), times)).to.deep.equal({ ok: false });
  });

  it('without a start time, the whole day of the session in Brest', () => {
    const allDay = { ...session, startMinutes: null };
    const { opens, closes } = codeWindow(allDay, times.earlyMs);
    expect(opens.toISOString()).to.equal('2026-03-04T23:00:00.000Z');
    expect(closes.toISOString()).to.equal('2026-03-05T23:00:00.000Z');
    expect(codeExpiry(allDay, new Date('2026-03-05T23:00:00Z'), times)).to.deep.equal({ ok: false });
  });
});
