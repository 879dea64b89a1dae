import { expect } from 'chai';
import { isDatabaseUnavailable } from '../../src/platform/db.js';

/** A socket error as node makes it (`write EPIPE`, code and syscall set). */
const socketError = (code: string, syscall: string) =>
  Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -32 });

describe('a database that does not answer, told from a bug (503, not 500)', () => {
  it('counts the driver’s network errors and a write on the engine’s closed socket', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'MongoNetworkError' }))).to.equal(true);
    expect(isDatabaseUnavailable(socketError('EPIPE', 'write'))).to.equal(true);
    expect(isDatabaseUnavailable(socketError('ECONNRESET', 'read'))).to.equal(true);
  });

  it('does not count a file that is missing, nor any other error', () => {
    expect(isDatabaseUnavailable(socketError('ENOENT', 'open'))).to.equal(false);
    expect(isDatabaseUnavailable(socketError('EPIPE', 'open'))).to.equal(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).to.equal(false);
    expect(isDatabaseUnavailable(null)).to.equal(false);
  });
});
