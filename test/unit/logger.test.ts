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
