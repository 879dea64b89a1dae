import { expect } from 'chai';
import { lockedDocumentCount, withDocumentLock, withDocumentLocks } from '../../src/platform/document-lock.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A task that records when it starts and ends, and yields in between. */
function recorder() {
  const log: string[] = [];
  const task =
    (name: string, turns = 3) =>
    async () => {
      log.push(`${name}+`);
      for (let i = 0; i < turns; i++) await tick();
      log.push(`${name}-`);
      return name;
    };
  return { log, task };
}

describe('document lock', () => {
  it('runs the tasks of one key one after the other, in order', async () => {
    const { log, task } = recorder();
    const results = await Promise.all(['a', 'b', 'c'].map((n) => withDocumentLock('progress:1', task(n))));
    expect(results).to.deep.equal(['a', 'b', 'c']);
    expect(log).to.deep.equal(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(lockedDocumentCount()).to.equal(0);
  });

  it('runs different keys side by side', async () => {
    const { log, task } = recorder();
    await Promise.all([withDocumentLock('progress:1', task('a')), withDocumentLock('progress:2', task('b'))]);
    expect(log.slice(0, 2)).to.have.members(['a+', 'b+']);
    expect(lockedDocumentCount()).to.equal(0);
  });

  it('releases the key when the task fails', async () => {
    const { log, task } = recorder();
    const failing = withDocumentLock('users:1', async () => {
      await tick();
      throw new Error('boom');
    });
    const next = withDocumentLock('users:1', task('after'));
    const [first, second] = await Promise.allSettled([failing, next]);
    expect(first.status).to.equal('rejected');
    expect((first as PromiseRejectedResult).reason.message).to.equal('boom');
    expect(second).to.deep.equal({ status: 'fulfilled', value: 'after' });
    expect(log).to.deep.equal(['after+', 'after-']);
    expect(lockedDocumentCount()).to.equal(0);
  });

  it('lets a locked task lock its own key again, and queues the others', async () => {
    const { log, task } = recorder();
    const outer = withDocumentLock('progress:1', async () => {
      log.push('outer+');
      const inner = await withDocumentLock('progress:1', task('inner'));
      log.push('outer-');
      return inner;
    });
    const other = withDocumentLock('progress:1', task('other'));
    expect(await Promise.all([outer, other])).to.deep.equal(['inner', 'other']);
    expect(log).to.deep.equal(['outer+', 'inner+', 'inner-', 'outer-', 'other+', 'other-']);
    expect(lockedDocumentCount()).to.equal(0);
  });

  it('is not held any more by work that outlives its task', async () => {
    const { log, task } = recorder();
    let late: Promise<string> | undefined;
    await withDocumentLock('progress:1', async () => {
      // Started inside the lock, but locks after the task has returned.
      late = tick().then(() => tick().then(() => withDocumentLock('progress:1', task('late', 5))));
    });
    const other = withDocumentLock('progress:1', task('other', 5));
    await Promise.all([late, other]);
    expect(log).to.have.length(4);
    expect(log[0]!.slice(0, -1)).to.equal(log[1]!.slice(0, -1)); // one finished before the other started
    expect(lockedDocumentCount()).to.equal(0);
  });

  it('takes several keys in one order, whatever order they are given in', async () => {
    const { log, task } = recorder();
    await Promise.all([
      withDocumentLocks(['residents:1', 'residents:2'], task('a')),
      withDocumentLocks(['residents:2', 'residents:1', 'residents:2'], task('b')),
    ]);
    expect(log).to.deep.equal(['a+', 'a-', 'b+', 'b-']);
    expect(lockedDocumentCount()).to.equal(0);
  });

  it('keeps no key after many uses', async () => {
    await Promise.all(Array.from({ length: 500 }, (_, i) => withDocumentLock(`k:${i % 7}`, async () => tick())));
    expect(lockedDocumentCount()).to.equal(0);
  });
});
