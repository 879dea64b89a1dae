import { expect } from 'chai';
import { loadConfig, ConfigError } from '../../src/config.js';
import { addressAttempt, loginLimits, userAttempt } from '../../src/features/accounts/login-throttle.js';
import type { Counter } from '../../src/platform/rate-limits.js';

const env = { SESSION_SECRET: 'x'.repeat(32) };
const limits = loginLimits(loadConfig(env));
const t0 = new Date('2026-11-29T10:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

describe('login throttle rules', () => {
  it('blocks from the 5th failure, 30 s, then twice as long per failure, up to 5 minutes', () => {
    let c: Counter | null = null;
    const blocks: number[] = [];
    let now = t0;
    for (let i = 0; i < 10; i++) {
      const step = userAttempt(c, limits, now);
      expect(step.result.allowed).to.equal(true);
      c = step.next!;
      blocks.push(c.blockedUntil ? (c.blockedUntil.getTime() - now.getTime()) / 1000 : 0);
      // Refused while blocked; the next try comes when the block ends.
      if (c.blockedUntil) {
        const refused = userAttempt(c, limits, new Date(c.blockedUntil.getTime() - 1000));
        expect(refused).to.deep.equal({ result: { allowed: false, retryAfterMs: 1000 } });
        now = c.blockedUntil;
      }
    }
    expect(blocks).to.deep.equal([0, 0, 0, 0, 30, 60, 120, 240, 300, 300]);
  });

  it('forgets the failures 15 minutes after the last one', () => {
    const step = userAttempt(null, limits, t0);
    expect(step.next!.expire).to.deep.equal(after(15 * 60_000));
  });

  it('lets one address fail 150 times in 15 minutes: a room of 30 can mistype', () => {
    let c: Counter | null = null;
    for (let i = 0; i < 150; i++) {
      const step = addressAttempt(c, limits, after(i * 1000));
      expect(step.result.allowed).to.equal(true);
      c = step.next!;
    }
    const refused = addressAttempt(c, limits, after(150_000));
    expect(refused.result).to.deep.equal({ allowed: false, retryAfterMs: 15 * 60_000 - 150_000 });
  });
});

describe('config: trusted proxy and limits', () => {
  it('trusts no X-Forwarded-For by default, the loopback proxy behind HTTPS, or the listed addresses', () => {
    expect(loadConfig(env).TRUST_PROXY).to.equal(false);
    expect(loadConfig({ ...env, BEHIND_HTTPS_PROXY: 'true' }).TRUST_PROXY).to.deep.equal(['loopback']);
    expect(loadConfig({ ...env, BEHIND_HTTPS_PROXY: 'true', TRUST_PROXY: 'false' }).TRUST_PROXY).to.equal(false);
    expect(loadConfig({ ...env, TRUST_PROXY: '10.0.0.2, 192.168.0.0/16,fd00::/8, uniquelocal' }).TRUST_PROXY).to.deep.equal([
      '10.0.0.2',
      '192.168.0.0/16',
      'fd00::/8',
      'uniquelocal',
    ]);
  });

  it('refuses what Express would trust too widely or not understand', () => {
    for (const bad of ['true', '1', '*', '10.0.0.0/33', 'proxy.example', '10.0.0.1,']) {
      expect(() => loadConfig({ ...env, TRUST_PROXY: bad }), bad).to.throw(ConfigError, /TRUST_PROXY/);
    }
    expect(() => loadConfig({ ...env, LOGIN_BLOCK: '10min', LOGIN_BLOCK_MAX: '1min' })).to.throw(
      ConfigError,
      /LOGIN_BLOCK_MAX/,
    );
    expect(() => loadConfig({ ...env, LOGIN_ADDRESS_FAILURES: '0' })).to.throw(ConfigError, /LOGIN_ADDRESS_FAILURES/);
  });
});
