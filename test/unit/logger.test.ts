import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/platform/logger.js';

describe('logger', () => {
  it('redacts passwords, cookies and CSRF tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const logger = createLogger('info', sink);
    logger.info(
      { req: { headers: { cookie: 'krn.sid=secret-cookie' } }, body: { password: 'hunter2', _csrf: 'tok3n' } },
      'login',
    );
    const out = lines.join('');
    expect(out).to.include('login').and.include('[masqué]');
    expect(out).to.not.include('secret-cookie').and.not.include('hunter2').and.not.include('tok3n');
  });
});

describe('logger: certificate codes', () => {
  it('masks every certificate code in a line, whatever its case or separators', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const logger = createLogger('info', sink);
    logger.info(
      { url: '/verifier?code=krn-7qx4-m9tb', location: '/verifier/KRN-7QX4-M9TB', file: 'attestation-KRN7QX4M9TB.pdf' },
      'redirect to /verifier/KRN_7QX4_M9TB',
    );
    const out = lines.join('');
    expect(out).to.not.match(/m9tb|M9TB/);
    expect(out.match(/KRN-7Q…|krn-7q…/gi)).to.have.length(4);
  });
});
