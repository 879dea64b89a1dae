import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
      expect(loadConfig({ ...base, PUBLIC_URL: 'https://numerique.example.fr', BEHIND_HTTPS_PROXY: 'true' }).PUBLIC_URL).to.equal(
        'https://numerique.example.fr',
      );
      // Elsewhere the app's own address is the default.
      expect(loadConfig({ DATA_DIR: dir, PORT: '3100' }).PUBLIC_URL).to.equal('http://localhost:3100');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start in production with an https address unless BEHIND_HTTPS_PROXY is set, in French and English', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    try {
      const base = {
        NODE_ENV: 'production',
        DATA_DIR: dir,
        SESSION_SECRET: 'x'.repeat(40),
        PUBLIC_URL: 'https://numerique.example.fr',
      };
      for (const env of [base, { ...base, BEHIND_HTTPS_PROXY: 'false' }])
        expect(() => loadConfig(env)).to.throw(
          ConfigError,
          /BEHIND_HTTPS_PROXY.*mettez BEHIND_HTTPS_PROXY=true.*set BEHIND_HTTPS_PROXY=true/s,
        );
      const behind = loadConfig({ ...base, BEHIND_HTTPS_PROXY: 'true' });
      expect(behind.BEHIND_HTTPS_PROXY).to.equal(true);
      expect(behind.TRUST_PROXY).to.deep.equal(['loopback']);
      // An http address (a local network's) and other environments start as before.
      expect(loadConfig({ ...base, PUBLIC_URL: 'http://192.168.1.10:3000' }).BEHIND_HTTPS_PROXY).to.equal(false);
      expect(loadConfig({ ...base, NODE_ENV: 'development' }).BEHIND_HTTPS_PROXY).to.equal(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the idle times and the space’s networks, and refuses a warning as long as an idle time', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    try {
      const base = { DATA_DIR: dir };
      const defaults = loadConfig(base);
      expect([
        defaults.RESIDENT_IDLE_TIMEOUT,
        defaults.STAFF_IDLE_TIMEOUT,
        defaults.SHARED_COMPUTER_IDLE_TIMEOUT,
        defaults.IDLE_WARNING_BEFORE,
      ]).to.deep.equal([20 * 60_000, 60 * 60_000, 5 * 60_000, 60_000]);
      expect(defaults.SPACE_NETWORKS).to.deep.equal([]);
      const short = loadConfig({
        ...base,
        RESIDENT_IDLE_TIMEOUT: '3s',
        IDLE_WARNING_BEFORE: '1s',
        SPACE_NETWORKS: ' 192.168.10.0/24, 2001:db8:5::/48 ',
      });
      expect([short.RESIDENT_IDLE_TIMEOUT, short.IDLE_WARNING_BEFORE]).to.deep.equal([3000, 1000]);
      expect(short.SPACE_NETWORKS).to.deep.equal(['192.168.10.0/24', '2001:db8:5::/48']);
      expect(() => loadConfig({ ...base, RESIDENT_IDLE_TIMEOUT: '20' })).to.throw(ConfigError, /RESIDENT_IDLE_TIMEOUT/);
      expect(() => loadConfig({ ...base, SHARED_COMPUTER_IDLE_TIMEOUT: '1min' })).to.throw(
        ConfigError,
        /IDLE_WARNING_BEFORE.*shorter/,
      );
      for (const bad of ['espace.example', '192.168.10.0/40', '10.0.0.1;10.0.0.2'])
        expect(() => loadConfig({ ...base, SPACE_NETWORKS: bad }), bad).to.throw(ConfigError, /SPACE_NETWORKS/);
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
      // A bare number is read as seconds, with a warning naming the written form.
      const bare = loadConfig({ ...base, MAINTENANCE_INTERVAL: '600' });
      expect(bare.MAINTENANCE_INTERVAL).to.equal(600_000);
      expect(bare.warnings).to.deep.equal([
        'MAINTENANCE_INTERVAL=600 has no unit: read as MAINTENANCE_INTERVAL=600s. Write MAINTENANCE_INTERVAL=600s (or ms, min, h, d).',
      ]);
      expect(defaults.warnings).to.deep.equal([]);
      expect(() => loadConfig({ ...base, MAINTENANCE_INTERVAL: '10 minutes' })).to.throw(ConfigError, /MAINTENANCE_INTERVAL/);
      expect(() => loadConfig({ ...base, RETENTION_INTERVAL: '90d' })).to.throw(ConfigError, /RETENTION_INTERVAL/);
      expect(() => loadConfig({ ...base, SESSION_LIFETIME: '2s' })).to.throw(ConfigError, /SESSION_TOUCH_AFTER.*shorter/);
      expect(defaults.DOCUMENT_LOCK_WAIT).to.equal(15_000);
      expect(loadConfig({ ...base, DOCUMENT_LOCK_WAIT: '2s' }).DOCUMENT_LOCK_WAIT).to.equal(2000);
      expect(() => loadConfig({ ...base, DOCUMENT_LOCK_WAIT: 'quinze' })).to.throw(ConfigError, /DOCUMENT_LOCK_WAIT/);
      expect(() => loadConfig({ ...base, DOCUMENT_LOCK_WAIT: '1h' })).to.throw(ConfigError, /DOCUMENT_LOCK_WAIT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still reads the old *_SECONDS and DB_TIMEOUT_MS settings, with a warning naming the new one', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    try {
      const defaults = loadConfig({ DATA_DIR: dir });
      expect([defaults.LOGIN_BLOCK, defaults.LOGIN_FORGET, defaults.VERIFY_WINDOW, defaults.DB_TIMEOUT]).to.deep.equal([
        30_000, 900_000, 900_000, 2000,
      ]);
      const old = loadConfig({ DATA_DIR: dir, LOGIN_BLOCK_SECONDS: '45', DB_TIMEOUT_MS: '3000', VERIFY_WINDOW_SECONDS: '60' });
      expect([old.LOGIN_BLOCK, old.DB_TIMEOUT, old.VERIFY_WINDOW]).to.deep.equal([45_000, 3000, 60_000]);
      expect(old.warnings).to.include('LOGIN_BLOCK_SECONDS=45 is read as LOGIN_BLOCK=45s. Write LOGIN_BLOCK=45s instead.');
      expect(old.warnings).to.include('DB_TIMEOUT_MS=3000 is read as DB_TIMEOUT=3000ms. Write DB_TIMEOUT=3000ms instead.');
      // The new name wins; the old one is named as ignored.
      const both = loadConfig({ DATA_DIR: dir, LOGIN_FORGET: '1h', LOGIN_FORGET_SECONDS: '60' });
      expect(both.LOGIN_FORGET).to.equal(3600_000);
      expect(both.warnings).to.deep.equal(['LOGIN_FORGET_SECONDS is ignored: LOGIN_FORGET is set. Remove LOGIN_FORGET_SECONDS.']);
      expect(() => loadConfig({ DATA_DIR: dir, LOGIN_BLOCK_SECONDS: 'abc' })).to.throw(ConfigError, /LOGIN_BLOCK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('two first starts at once agree on one session secret, owner-only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    try {
      // Separate processes, as two `npm start` would be.
      const script = `import { loadConfig } from ${JSON.stringify(path.resolve('src/config.ts'))}; process.stdout.write(loadConfig({ DATA_DIR: ${JSON.stringify(dir)} }).SESSION_SECRET);`;
      const run = () =>
        new Promise<string>((resolve, reject) =>
          execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (err, stdout) =>
            err ? reject(err) : resolve(stdout),
          ),
        );
      const secrets = await Promise.all([run(), run(), run(), run()]);
      expect(new Set(secrets).size).to.equal(1);
      expect(secrets[0]).to.have.length.greaterThanOrEqual(32);
      expect(statSync(path.join(dir, 'session-secret')).mode & 0o777).to.equal(0o600);
      expect(readdirSync(dir)).to.deep.equal(['session-secret']);
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

  it('keeps the data directory and the session secret for the owner only, an older 0755/0644 one too', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'krn-config-'));
    const mode = (f: string) => statSync(f).mode & 0o777;
    try {
      const fresh = path.join(dir, 'new', 'data');
      loadConfig({ DATA_DIR: fresh });
      expect(mode(fresh).toString(8)).to.equal('700');
      expect(mode(path.join(fresh, 'session-secret')).toString(8)).to.equal('600');

      const old = path.join(dir, 'new');
      chmodSync(old, 0o755);
      writeFileSync(path.join(old, 'session-secret'), 'y'.repeat(64) + '\n', { mode: 0o644 });
      chmodSync(path.join(old, 'session-secret'), 0o644);
      expect(loadConfig({ DATA_DIR: old }).SESSION_SECRET).to.equal('y'.repeat(64));
      expect(mode(old).toString(8)).to.equal('700');
      expect(mode(path.join(old, 'session-secret')).toString(8)).to.equal('600');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
