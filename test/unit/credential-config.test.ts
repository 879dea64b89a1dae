import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config: the credentials’ signing key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'krn-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made at first start into the data dir (mode 0600), then read back the same', () => {
    const first = loadConfig({ DATA_DIR: dir }).CREDENTIAL_SIGNING_KEY;
    const file = path.join(dir, 'credential-signing-key.pem');
    expect(first.asymmetricKeyType).to.equal('ed25519');
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(readFileSync(file, 'utf8')).to.match(/^-----BEGIN PRIVATE KEY-----/);
    const again = loadConfig({ DATA_DIR: dir }).CREDENTIAL_SIGNING_KEY;
    expect(again.export({ format: 'jwk' })).to.deep.equal(first.export({ format: 'jwk' }));
  });

  it('can be given by the environment, as a PEM (also on one line with \\n) or a JWK, and is then not written', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const jwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
    for (const value of [pem, pem.replace(/\n/g, '\\n'), jwk]) {
      const key = loadConfig({ DATA_DIR: dir, CREDENTIAL_SIGNING_KEY: value }).CREDENTIAL_SIGNING_KEY;
      expect(key.export({ format: 'jwk' })).to.deep.equal(privateKey.export({ format: 'jwk' }));
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
