import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config: the envelope form’s signing key (the first credentials)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'krn-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is no longer made at first start (the key table’s keys sign), but an existing one is read back', () => {
    expect(loadConfig({ DATA_DIR: dir }).CREDENTIAL_SIGNING_KEY).to.equal(undefined);
    const file = path.join(dir, 'credential-signing-key.pem');
    expect(existsSync(file)).to.equal(false);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const read = loadConfig({ DATA_DIR: dir }).CREDENTIAL_SIGNING_KEY;
    expect(read!.export({ format: 'jwk' })).to.deep.equal(privateKey.export({ format: 'jwk' }));
  });

  it('can be given by the environment, as a PEM (also on one line with \\n) or a JWK, and is then not written', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    for (const value of [pem, pem.replace(/\n/g, '\\n'), jwk]) {
      const key = loadConfig({ DATA_DIR: dir, CREDENTIAL_SIGNING_KEY: value }).CREDENTIAL_SIGNING_KEY;
      expect(key!.export({ format: 'jwk' })).to.deep.equal(privateKey.export({ format: 'jwk' }));
    }
    expect(existsSync(path.join(dir, 'credential-signing-key.pem'))).to.equal(false);
  });

  it('refuses anything but an Ed25519 private key, with a clear message that does not repeat the value', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    for (const value of ['not-a-key-secret', rsa, '{"kty":"OKP"}']) {
      try {
        loadConfig({ DATA_DIR: dir, CREDENTIAL_SIGNING_KEY: value });
        expect.fail('accepted');
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        expect((err as Error).message)
          .to.match(/CREDENTIAL_SIGNING_KEY.*Ed25519/s)
          .and.not.include('not-a-key-secret');
      }
    }
  });
});
