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
