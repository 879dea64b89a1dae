/**
 * The lock of a document between processes on MongoDB (MONGODB_URI): a lease document
 * whose `_id` is the key. Inserting it is the judge (a unique `_id` is atomic); the
 * holder renews the lease while it works and deletes it when done. A holder that died
 * leaves a lease that expires after LEASE_MS: the next one takes it over with a delete
 * that names the expired lease exactly, atomic on MongoDB, so two cannot both take it.
 * Waiting is polling with a growing pause (MongoDB has no lock queue to wait in).
 * Behind MONGODB_URI a FerretDB gets the same leases: exact too (its unique inserts are
 * atomic), except the takeover of a dead holder's lease, whose delete it does not make
 * atomic; on FerretDB the app uses PostgreSQL's locks instead (document-lock-postgresql.ts).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { DocumentBusy, type CrossProcessLocks } from './document-lock.js';
import { isDuplicateKey } from './ids.js';
import { THIS_INSTANCE } from './job-lease.js';
import type { Logger } from './logger.js';

/** How long a lease lasts without renewal: how long a crashed holder blocks its document. */
const LEASE_MS = 10_000;
const RETRY_MS = [2, 5, 10, 20, 50, 100];

const documentLeaseSchema = new mongoose.Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'document_leases', versionKey: false },
);

export const DocumentLease = mongoose.model('DocumentLease', documentLeaseSchema);

interface Lease {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export function leaseDocumentLocks(opts: { logger: Logger; leaseMs?: number }): CrossProcessLocks {
  const leaseMs = opts.leaseMs ?? LEASE_MS;
  const renewMs = Math.max(50, Math.round(leaseMs / 3));
  let closed = false;
  return {
    async acquire(key, deadline) {
      if (closed) return { release: async () => {} };
      const holder = `${THIS_INSTANCE}:${randomBytes(6).toString('hex')}`;
      for (let attempt = 0; ; attempt++) {
        try {
          await DocumentLease.collection.insertOne({ _id: key, holder, expiresAt: new Date(Date.now() + leaseMs) } as never);
          break;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const current = await DocumentLease.collection.findOne<Lease>({ _id: key as never });
        if (current && current.expiresAt.getTime() < Date.now()) {
          // Its holder stopped renewing it (died): only the delete that matches it wins.
          await DocumentLease.collection.deleteOne({ _id: key as never, holder: current.holder, expiresAt: current.expiresAt });
          continue;
        }
        if (Date.now() >= deadline) throw new DocumentBusy();
        const pause = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
        await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(1, deadline - Date.now()))));
      }
      const renew = setInterval(() => {
        DocumentLease.collection
          .updateOne({ _id: key as never, holder }, { $set: { expiresAt: new Date(Date.now() + leaseMs) } })
          .then((r) => {
            if (r.matchedCount === 0) opts.logger.warn({ key }, 'document lease lost while held (renewed too late)');
          })
          .catch((err: unknown) => opts.logger.warn({ err, key }, 'document lease renewal failed'));
      }, renewMs);
      renew.unref();
      return {
        release: async () => {
          clearInterval(renew);
          // The write it guarded is done: a lease that cannot be deleted now expires by itself.
          await DocumentLease.collection.deleteOne({ _id: key as never, holder }).catch((err: unknown) => {
            opts.logger.warn({ err, key }, 'document lease not released; it expires by itself');
          });
        },
      };
    },
    async close() {
      closed = true;
    },
  };
}
