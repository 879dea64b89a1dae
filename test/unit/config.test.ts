import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('fails fast with a clear message on a wrong value', () => {
    expect(() => loadConfig({ PORT: 'abc' })).to.throw(ConfigError, /PORT/);
    expect(() => loadConfig({ MONGODB_URI: 'http://x' })).to.throw(ConfigError, /MONGODB_URI/);
  });

  it('requires a public address in production, printed on certificates, and refuses a local one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    try {
      const base = { NODE_ENV: 'production', DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(40) };
      expect(() => loadConfig(base)).to.throw(ConfigError, /PUBLIC_URL.*adresse publique.*public address/s);
      for (const local of ['http://localhost:3000', 'http://127.0.0.1', 'http://[::1]:8080', 'http://app.localhost'])
        expect(() => loadConfig({ ...base, PUBLIC_URL: local }), local).to.throw(ConfigError, /PUBLIC_URL/);
      expect(() => loadConfig({ ...base, PUBLIC_URL: 'ftp://numerique.example.fr' })).to.throw(ConfigError, /PUBLIC_URL/);
      expect(loadConfig({ ...base, PUBLIC_URL: 'https://numerique.example.fr' }).PUBLIC_URL).to.equal(
        'https://numerique.example.fr',
      );
      // Elsewhere the app's own address is the default.
      expect(loadConfig({ DATA_DIR: dir, PORT: '3100' }).PUBLIC_URL).to.equal('http://localhost:3100');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads intervals and windows as durations with a unit, and refuses unclear ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    try {
      const base = { DATA_DIR: dir };
      const defaults = loadConfig(base);
      expect(defaults.SESSION_LIFETIME).to.equal(8 * 3600_000);
      expect(defaults.SESSION_TOUCH_AFTER).to.equal(10 * 60_000);
      expect(defaults.MAINTENANCE_INTERVAL).to.equal(10 * 60_000);
      expect(defaults.RETENTION_INTERVAL).to.equal(24 * 3600_000);
      const short = loadConfig({ ...base, SESSION_LIFETIME: '2s', SESSION_TOUCH_AFTER: '500ms', MAINTENANCE_INTERVAL: '1.5s' });
      expect([short.SESSION_LIFETIME, short.SESSION_TOUCH_AFTER, short.MAINTENANCE_INTERVAL]).to.deep.equal([2000, 500, 1500]);
      expect(() => loadConfig({ ...base, MAINTENANCE_INTERVAL: '600' })).to.throw(ConfigError, /MAINTENANCE_INTERVAL/);
      expect(() => loadConfig({ ...base, RETENTION_INTERVAL: '90d' })).to.throw(ConfigError, /RETENTION_INTERVAL/);
      expect(() => loadConfig({ ...base, SESSION_LIFETIME: '2s' })).to.throw(ConfigError, /SESSION_TOUCH_AFTER.*shorter/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates the session secret once and keeps it in the data directory', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    try {
      const first = loadConfig({ DATA_DIR: dir });
      const second = loadConfig({ DATA_DIR: dir });
      expect(first.SESSION_SECRET).to.have.length.greaterThanOrEqual(32);
      expect(second.SESSION_SECRET).to.equal(first.SESSION_SECRET);
      expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).to.equal(first.SESSION_SECRET);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
