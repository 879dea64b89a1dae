import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  encodeStatusList,
  identityHash,
  isoSeconds,
  statusBit,
  STATUS_LIST_BITS,
  vcJwtPayload,
} from '../../src/features/certificates/credential-document.js';
import { judgeCredential, signedWhileSafe, type CredentialFacts } from '../../src/features/certificates/credential-verdict.js';

describe('credential documents (pure)', () => {
  it('encodes the status list as the spec says: GZIP, multibase base64url, index 0 the first byte’s highest bit', () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_BITS - 1]);
    expect(encoded[0]).to.equal('u');
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bits.length).to.equal(STATUS_LIST_BITS / 8);
    expect(bits[0]).to.equal(0x80);
    expect(bits[1]).to.equal(0x40);
    expect(bits[bits.length - 1]).to.equal(0x01);
    expect([0, 1, 9, 10, STATUS_LIST_BITS - 1].map((i) => statusBit(encoded, i))).to.deep.equal([true, false, true, false, true]);
    expect(statusBit(encoded, STATUS_LIST_BITS)).to.equal(null);
    expect(statusBit('xnot-a-list', 0)).to.equal(null);
  });

  it('hashes the holder’s name with its salt as OB 3.0 says (sha256$ and hex)', () => {
    expect(identityHash('Marie', 'abc')).to.equal('sha256$' + createHash('sha256').update('Marieabc').digest('hex'));
  });

  it('judges a signed credential: revoked first, then expired at the instant of validUntil, else valid', () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const facts: CredentialFacts = { title: 'x', siteName: '', issuedAt: new Date('2026-01-01'), statusIndex: 3 };
    const none = () => false;
    expect(judgeCredential(facts, none, now)).to.equal('valable');
    expect(judgeCredential({ ...facts, validUntil: new Date('2026-05-31T12:00:00Z') }, none, now)).to.equal('expiree');
    expect(judgeCredential({ ...facts, validUntil: new Date('2026-06-01T12:00:00Z') }, none, now)).to.equal('valable');
    // The instant, not the day in Brest: the same morning, a second after its end, it has expired.
    expect(judgeCredential({ ...facts, validUntil: new Date('2026-06-01T09:59:59Z') }, none, now)).to.equal('expiree');
    expect(judgeCredential({ ...facts, validUntil: now }, none, now)).to.equal('expiree');
    expect(judgeCredential({ ...facts, validUntil: new Date('2026-06-01T10:00:01Z') }, none, now)).to.equal('valable');
    expect(judgeCredential({ ...facts, validUntil: new Date('2020-01-01') }, (i) => i === 3, now)).to.equal('revoquee');
    expect(judgeCredential({ ...facts, statusIndex: undefined }, none, now)).to.equal('illisible');
    expect(judgeCredential(facts, () => null, now)).to.equal('illisible');
  });

  it('adds to the credential the registered claims that repeat it (OB 3.0, 8.2): iss, nbf, jti, exp, sub, iat', () => {
    const credential = {
      id: 'https://x.example/verifier/KRN-7QX4-M9TB',
      issuer: { id: 'https://x.example/emetteur' },
      validFrom: isoSeconds(new Date('2026-03-01T10:00:00.789Z')),
      validUntil: '2029-03-01T10:00:00Z',
      credentialSubject: { id: 'did:example:karim' },
    };
    expect(credential.validFrom).to.equal('2026-03-01T10:00:00Z');
    const payload = vcJwtPayload(credential, new Date('2026-04-02T08:00:00Z'));
    expect(payload).to.deep.include({
      ...credential,
      iss: 'https://x.example/emetteur',
      nbf: Date.parse('2026-03-01T10:00:00Z') / 1000,
      jti: credential.id,
      exp: Date.parse('2029-03-01T10:00:00Z') / 1000,
      sub: 'did:example:karim',
      iat: Date.parse('2026-04-02T08:00:00Z') / 1000,
    });
    expect(payload).to.not.have.property('vc');
    const open = { id: credential.id, issuer: credential.issuer, validFrom: credential.validFrom, credentialSubject: {} };
    const bare = vcJwtPayload(open, new Date('2026-04-02T08:00:00Z'));
    expect(bare).to.not.have.any.keys('exp', 'sub');
  });

  it('keeps what a leaked key signed before it leaked, for a certificate of ours; the rest is to be signed again', () => {
    const since = new Date('2026-05-01T00:00:00Z');
    expect(signedWhileSafe(undefined, undefined, false)).to.equal(true);
    expect(signedWhileSafe(since, new Date('2026-04-30T23:59:59Z'), true)).to.equal(true);
    expect(signedWhileSafe(since, new Date('2026-04-30T23:59:59Z'), false)).to.equal(false);
    expect(signedWhileSafe(since, since, true)).to.equal(false);
    expect(signedWhileSafe(since, undefined, true)).to.equal(false);
  });
});
