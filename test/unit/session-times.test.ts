import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { idleSettings } from '../../src/platform/sessions.js';
import {
  activityDue,
  cookieExpiry,
  endOf,
  shownEnd,
  timesAtLogin,
  touchEvery,
  warningAt,
} from '../../src/platform/session-times.js';

const MIN = 60_000;
const settings = idleSettings(loadConfig({ SESSION_SECRET: 'x'.repeat(32) }));
const t0 = Date.parse('2026-12-01T09:00:00Z');

describe('session times (pure rules)', () => {
  it('reads the defaults: 20 min for residents, 60 for staff, 5 on a shared computer, 8 h at most, a warning 1 min before', () => {
    expect(settings).to.include({
      residentIdleMs: 20 * MIN,
      staffIdleMs: 60 * MIN,
      sharedComputerIdleMs: 5 * MIN,
      lifetimeMs: 8 * 60 * MIN,
      warningMs: MIN,
    });
  });

  it('gives each role its idle time, shortened on a shared computer, and ends every session 8 h after login', () => {
    expect(timesAtLogin('resident', false, t0, settings)).to.deep.equal({
      idleMs: 20 * MIN,
      endsAt: t0 + 480 * MIN,
      sharedComputer: false,
    });
    expect(timesAtLogin('leader', false, t0, settings).idleMs).to.equal(60 * MIN);
    expect(timesAtLogin('coordinator', false, t0, settings).idleMs).to.equal(60 * MIN);
    for (const role of ['resident', 'leader', 'coordinator'] as const)
      expect(timesAtLogin(role, true, t0, settings).idleMs, role).to.equal(5 * MIN);
    // A shared-computer time longer than a role's own never lengthens it.
    expect(timesAtLogin('resident', true, t0, { ...settings, sharedComputerIdleMs: 30 * MIN }).idleMs).to.equal(20 * MIN);
  });

  it('ends a resident’s cookie, and anyone’s on a shared computer, with the browser; a leader’s at the session’s end', () => {
    const leader = timesAtLogin('leader', false, t0, settings);
    expect(cookieExpiry('resident', timesAtLogin('resident', false, t0, settings))).to.equal(null);
    expect(cookieExpiry('leader', timesAtLogin('leader', true, t0, settings))).to.equal(null);
    expect(cookieExpiry('coordinator', timesAtLogin('coordinator', true, t0, settings))).to.equal(null);
    expect(cookieExpiry('leader', leader)).to.deep.equal(new Date(t0 + 480 * MIN));
  });

  it('writes activity at most every SESSION_TOUCH_AFTER, and at least twenty times per idle time', () => {
    expect(touchEvery(20 * MIN, settings.touchAfterMs)).to.equal(MIN);
    expect(touchEvery(5 * MIN, settings.touchAfterMs)).to.equal(15_000);
    expect(touchEvery(20 * MIN, 30_000)).to.equal(30_000);
    expect(activityDue(undefined, t0, 20 * MIN, settings.touchAfterMs)).to.equal(true);
    expect(activityDue(t0, t0 + 59_999, 20 * MIN, settings.touchAfterMs)).to.equal(false);
    expect(activityDue(t0, t0 + MIN, 20 * MIN, settings.touchAfterMs)).to.equal(true);
  });

  it('ends a session after its idle time from the last activity, never past its end', () => {
    const times = { idleMs: 20 * MIN, endsAt: t0 + 480 * MIN };
    expect(endOf(t0, times)).to.equal(t0 + 20 * MIN);
    expect(endOf(t0 + 470 * MIN, times)).to.equal(t0 + 480 * MIN);
  });

  it('shows the end the server keeps: from now when this request is written, from the last write otherwise', () => {
    const times = { idleMs: 20 * MIN, endsAt: t0 + 480 * MIN };
    const opts = { touchAfterMs: settings.touchAfterMs, activity: true };
    // Written a minute ago or more: this request is written, the end moves on.
    expect(shownEnd(t0, t0 + 2 * MIN, times, opts)).to.equal(t0 + 22 * MIN);
    // Written 30 s ago: not written again, the end stays.
    expect(shownEnd(t0, t0 + 30_000, times, opts)).to.equal(t0 + 20 * MIN);
    // The warning page and the status check are not activity.
    expect(shownEnd(t0, t0 + 19 * MIN, times, { ...opts, activity: false })).to.equal(t0 + 20 * MIN);
  });

  it('warns a minute before the end, never before now', () => {
    expect(warningAt(t0 + 20 * MIN, t0, MIN)).to.equal(t0 + 19 * MIN);
    expect(warningAt(t0 + 30_000, t0, MIN)).to.equal(t0);
  });
});
