import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  encodeStatusList,
  identityHash,
  judgeCredential,
  statusBit,
  STATUS_LIST_BITS,
  type CredentialFacts,
} from '../../src/features/certificates/credential-document.js';

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

  it('judges a signed credential: revoked first, then expired, else valid', () => {
    const now = new Date('2026-06-01T10:00:00Z');
    const facts: CredentialFacts = { title: 'x', siteName: '', issuedAt: new Date('2026-01-01'), statusIndex: 3 };
    const none = () => false;
    expect(judgeCredential(facts, none, now)).to.equal('valable');
    expect(judgeCredential({ ...facts, validUntil: new Date('2026-05-31T12:00:00Z') }, none, now)).to.equal('expiree');
    expect(judgeCredential({ ...facts, validUntil: new Date('2026-06-01T12:00:00Z') }, none, now)).to.equal('valable');
    expect(judgeCredential({ ...facts, validUntil: new Date('2020-01-01') }, (i) => i === 3, now)).to.equal('annulee');
    expect(judgeCredential({ ...facts, statusIndex: undefined }, none, now)).to.equal('illisible');
    expect(judgeCredential(facts, () => null, now)).to.equal('illisible');
  });
});
