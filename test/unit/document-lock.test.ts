import { expect } from 'chai';
import {
  crossProcessLocks,
  DocumentBusy,
  lockedDocumentCount,
  setCrossProcessLocks,
  withDocumentLock,
  withDocumentLocks,
  type CrossProcessLocks,
} from '../../src/platform/document-lock.js';
import { classifyError } from '../../src/platform/error-handler.js';

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
  // This process's queue alone: the whole suite's run installs the test database's lock
  // between processes, which these tests set aside and put back.
  let saved: ReturnType<typeof crossProcessLocks>;
  before(() => {
    saved = crossProcessLocks();
    setCrossProcessLocks(undefined);
  });
  after(() => setCrossProcessLocks(saved.locks, { waitMs: saved.waitMs }));

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

  describe('with a lock between processes and a wait limit', () => {
    afterEach(() => setCrossProcessLocks(undefined, { waitMs: saved.waitMs }));

    it('asks the database once per holder, after its turn here, and passes its session to nested locks', async () => {
      const calls: string[] = [];
      let sessions = 0;
      const locks: CrossProcessLocks = {
        async acquire(key, _deadline, parent) {
          const session = parent ?? `s${++sessions}`;
          calls.push(`+${key}@${String(session)}`);
          await tick();
          return { session, release: async () => void calls.push(`-${key}`) };
        },
        close: async () => {},
      };
      setCrossProcessLocks(locks);
      const { task } = recorder();
      await Promise.all([
        withDocumentLock('facts:1', () => withDocumentLock('counters:1', task('a'))),
        withDocumentLock('facts:1', task('b')),
      ]);
      expect(calls).to.deep.equal(['+facts:1@s1', '+counters:1@s1', '-counters:1', '-facts:1', '+facts:1@s2', '-facts:1']);
      expect(lockedDocumentCount()).to.equal(0);
    });

    it('gives up after the wait limit with a 503 that says to try again, and the queue goes on', async () => {
      setCrossProcessLocks(undefined, { waitMs: 100 });
      const { log, task } = recorder();
      const long = withDocumentLock('progress:1', () => new Promise<string>((r) => setTimeout(() => r('long'), 300)));
      const waiter = withDocumentLock('progress:1', task('waiter'));
      await new Promise((r) => setTimeout(r, 240));
      const later = withDocumentLock('progress:1', task('later'));
      const [a, b, c] = await Promise.allSettled([long, waiter, later]);
      expect(a).to.deep.equal({ status: 'fulfilled', value: 'long' });
      expect((b as PromiseRejectedResult).reason).to.be.instanceOf(DocumentBusy);
      expect(c).to.deep.equal({ status: 'fulfilled', value: 'later' });
      expect(log).to.deep.equal(['later+', 'later-']);
      expect(classifyError(new DocumentBusy())).to.deep.include({ status: 503, key: 'errors.documentBusy' });
      expect(lockedDocumentCount()).to.equal(0);
    });

    it('releases its turn here when the database refuses the lock', async () => {
      setCrossProcessLocks({
        acquire: async () => {
          throw new DocumentBusy();
        },
        close: async () => {},
      });
      const refused = await withDocumentLock('users:1', async () => 'no').catch((err: unknown) => err);
      expect(refused).to.be.instanceOf(DocumentBusy);
      expect(lockedDocumentCount()).to.equal(0);
    });
  });
});
