/**
 * The lock of a document between processes, on the real engines: the app's own lock
 * (PostgreSQL advisory locks on the engine's PostgreSQL, set up by connectDatabase) meets
 * a second, independent lock client on the same database as another instance would, and
 * the MongoDB lease on the test database. test/integration/two-instances.test.ts runs two
 * whole apps.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import pg from 'pg';
import { DocumentBusy, lockedDocumentCount, withDocumentLock, type CrossProcessLocks } from '../../src/platform/document-lock.js';
import { DocumentLease, leaseDocumentLocks } from '../../src/platform/document-lock-lease.js';
import { advisoryKey, postgresqlDocumentLocks } from '../../src/platform/document-lock-postgresql.js';
import { logger, testPostgresUrl } from '../helpers/test-env.js';

const engineUrl = testPostgresUrl;
const soon = (ms: number) => Date.now() + ms;

/** Whether `locks` can take `key` within `ms` (released at once when it can). */
async function canTake(locks: CrossProcessLocks, key: string, ms: number): Promise<boolean> {
  try {
    const hold = await locks.acquire(key, soon(ms), undefined);
    await hold.release();
    return true;
  } catch (err) {
    if (err instanceof DocumentBusy) return false;
    throw err;
  }
}

describe('document locks between processes (real engines)', function () {
  this.timeout(60_000);

  describe('PostgreSQL advisory locks', () => {
    let other: CrossProcessLocks;
    before(() => {
      other = postgresqlDocumentLocks({ url: engineUrl, namespace: mongoose.connection.name, logger });
    });
    after(() => other.close());

    it('keeps a document locked by this process from another one until it is released', async () => {
      const key = 'progress:abc';
      let outside: boolean | undefined;
      await withDocumentLock(key, async () => {
        // Visible to PostgreSQL as an advisory lock, under the key's 64-bit number.
        const client = new pg.Client({ connectionString: engineUrl() });
        await client.connect();
        const id = advisoryKey(mongoose.connection.name, key);
        // A 64-bit advisory key shows as two 32-bit halves.
        const locks = await client.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2`,
          [String(BigInt.asUintN(64, id) >> 32n), String(BigInt.asUintN(32, id))],
        );
        await client.end();
        expect(locks.rows[0].n).to.equal(1);
        outside = await canTake(other, key, 300);
      });
      expect(outside, 'taken by another process while held').to.equal(false);
      expect(await canTake(other, key, 300), 'free once released').to.equal(true);
      expect(lockedDocumentCount()).to.equal(0);
    });

    it('makes a holder elsewhere wait, then lets it in as soon as the other releases', async () => {
      const key = 'stat_counters:site|2026-12';
      const hold = await other.acquire(key, soon(1000), undefined);
      const started = Date.now();
      setTimeout(() => void hold.release(), 400);
      const order: string[] = [];
      await withDocumentLock(key, async () => void order.push('here'));
      expect(Date.now() - started).to.be.at.least(350);
      expect(order).to.deep.equal(['here']);
    });

    it('nests locks on the holder’s connection, and a taken nested key waits on another one', async () => {
      const outer = 'stat_facts:e:1';
      const inner = 'stat_counters:x|2026-12';
      const blocker = await other.acquire(inner, soon(1000), undefined);
      setTimeout(() => void blocker.release(), 300);
      const seen: boolean[] = [];
      await withDocumentLock(outer, () =>
        withDocumentLock(inner, async () => {
          seen.push(await canTake(other, outer, 100), await canTake(other, inner, 100));
        }),
      );
      expect(seen).to.deep.equal([false, false]);
      expect(await canTake(other, outer, 300)).to.equal(true);
      expect(await canTake(other, inner, 300)).to.equal(true);
    });

    it('gives up after the wait with DocumentBusy, which the error page shows as a 503', async () => {
      const key = 'users:busy';
      const hold = await other.acquire(key, soon(1000), undefined);
      try {
        const mine = postgresqlDocumentLocks({ url: engineUrl, namespace: mongoose.connection.name, logger });
        const err = await mine.acquire(key, soon(200), undefined).catch((e: unknown) => e);
        await mine.close();
        expect(err).to.be.instanceOf(DocumentBusy);
        expect((err as DocumentBusy).status).to.equal(503);
      } finally {
        await hold.release();
      }
    });

    it('answers "unavailable" when its PostgreSQL cannot be reached', async () => {
      const nowhere = postgresqlDocumentLocks({ url: () => 'postgres://postgres@127.0.0.1:1/none', namespace: 'x', logger });
      const err = await nowhere.acquire('users:1', soon(2000), undefined).catch((e: unknown) => e);
      await nowhere.close();
      expect(err).to.be.instanceOf(DocumentBusy);
      expect((err as DocumentBusy).key).to.equal('errors.unavailable');
    });
  });

  describe('MongoDB leases (run here on the test database)', () => {
    beforeEach(() => DocumentLease.deleteMany({}));

    it('lets one holder at a time in, and the next once released', async () => {
      const a = leaseDocumentLocks({ logger });
      const b = leaseDocumentLocks({ logger });
      const hold = await a.acquire('progress:1', soon(1000), undefined);
      expect(await canTake(b, 'progress:1', 200)).to.equal(false);
      expect(await canTake(b, 'progress:2', 200)).to.equal(true);
      await hold.release();
      expect(await canTake(b, 'progress:1', 200)).to.equal(true);
      expect(await DocumentLease.countDocuments({})).to.equal(0);
    });

    it('renews a lease while it is held, and takes over the lease of a holder that died', async () => {
      const a = leaseDocumentLocks({ logger, leaseMs: 300 });
      const hold = await a.acquire('progress:1', soon(1000), undefined);
      // Held past its first lease: renewed, so still refused to others.
      await new Promise((r) => setTimeout(r, 700));
      expect(await canTake(leaseDocumentLocks({ logger }), 'progress:1', 100)).to.equal(false);
      await hold.release();
      // A holder that died: its lease stays, expired.
      await DocumentLease.create({ _id: 'progress:2', holder: 'dead:1', expiresAt: new Date(Date.now() - 1) });
      expect(await canTake(leaseDocumentLocks({ logger }), 'progress:2', 500)).to.equal(true);
    });
  });
});
