import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import {
  CODE_ALPHABET,
  checkSymbol,
  generateCode,
  maskCode,
  normalizeCode,
} from '../../src/features/certificates/certificate-code.js';

/** A fixed byte source: the same bytes over and over. */
const fixed = (bytes: number[]) => (size: number) => Uint8Array.from({ length: size }, (_, i) => bytes[i % bytes.length]!);

describe('certificate codes (pure)', () => {
  it('has no ambiguous symbol in its alphabet', () => {
    for (const ch of '0O1IL') expect(CODE_ALPHABET).to.not.include(ch);
    expect(new Set(CODE_ALPHABET).size).to.equal(CODE_ALPHABET.length);
  });

  it('makes KRN-XXXX-XXXX codes from the alphabet, with a valid check symbol', () => {
    for (let i = 0; i < 500; i++) {
      const code = generateCode(randomBytes);
      expect(code).to.match(/^KRN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(normalizeCode(code)).to.equal(code);
    }
  });

  it('is a pure function of its random source', () => {
    expect(generateCode(fixed([0, 1, 2, 3, 4, 5, 6]))).to.equal(generateCode(fixed([0, 1, 2, 3, 4, 5, 6])));
    expect(generateCode(fixed([0, 1, 2, 3, 4, 5, 6]))).to.equal(`KRN-2345-678${checkSymbol('2345678')}`);
  });

  it('drops bytes of 248 and above so that every symbol is equally likely', () => {
    // 255 and 250 are dropped; 31 maps to the first symbol again.
    expect(generateCode(fixed([255, 250, 31]))).to.match(/^KRN-2222-222/);
  });

  it('reads what a person types: lower case, spaces, no prefix', () => {
    const code = generateCode(randomBytes);
    const body = code.slice(4).replace('-', '');
    expect(normalizeCode(code.toLowerCase())).to.equal(code);
    expect(normalizeCode(` ${body.slice(0, 4)} ${body.slice(4)} `)).to.equal(code);
    expect(normalizeCode(`krn ${body}`)).to.equal(code);
  });

  it('refuses a typo, two swapped symbols, ambiguous characters and junk', () => {
    const code = 'KRN-2345-678' + checkSymbol('2345678');
    const body = code.replace(/KRN|-/g, '');
    for (let i = 0; i < body.length; i++) {
      for (const ch of CODE_ALPHABET) {
        if (ch === body[i]) continue;
        const typo = body.slice(0, i) + ch + body.slice(i + 1);
        expect(normalizeCode(typo), typo).to.equal(null);
      }
      if (i < body.length - 1 && body[i] !== body[i + 1]) {
        const swapped = body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2);
        expect(normalizeCode(swapped), swapped).to.equal(null);
      }
    }
    for (const bad of ['', 'KRN', 'KRN-0000-0000', 'KRN-2345-67OI', 'x'.repeat(100), '../../etc'])
      expect(normalizeCode(bad)).to.equal(null);
  });

  it('masks codes for logs', () => {
    expect(maskCode('KRN-7QX4-M9TB')).to.equal('KRN-7Q…');
    expect(maskCode('7qx4m9tb')).to.equal('KRN-7Q…');
  });
});

import { maskVerificationCodes } from '../../src/features/certificates/certificates.routes.js';

describe('request logs (pure)', () => {
  it('never hold a whole certificate code, in the URL or the referer', () => {
    const masked = maskVerificationCodes({
      url: '/verifier/KRN-7QX4-M9TB?lng=en',
      headers: { referer: 'https://x.fr/verifier/krn-7qx4-m9tb', host: 'x.fr' },
    });
    expect(masked.url).to.equal('/verifier/KRN-7Q…?lng=en');
    expect(masked.headers!.referer).to.equal('https://x.fr/verifier/KRN-7Q…');
    expect(masked.headers!.host).to.equal('x.fr');
    expect(maskVerificationCodes({ url: '/ateliers' }).url).to.equal('/ateliers');
  });
});
