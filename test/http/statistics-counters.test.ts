/**
 * The counters kept by each write equal a rebuild from the events, after a random
 * sequence of writes sent several at once through the services, repeats included
 * (FerretDB 1.24 loses concurrent updates: this holds only through the document locks).
 */
import { expect } from 'chai';
import { findSessionUser, type SessionUser } from '../../src/features/accounts/index.js';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { revokeCertificate } from '../../src/features/certificates/certificate-revoke.service.js';
import {
  createAccountFromRecord,
  createResident,
  recordNotice,
  updateDwelling,
} from '../../src/features/residents/resident.service.js';
import { addEntry } from '../../src/features/residents/support.service.js';
import type { EntryInput } from '../../src/features/residents/support-forms.js';
import { createSession, setAttendance } from '../../src/features/sessions/index.js';
import { StatCounter } from '../../src/features/statistics/stat-counter.model.js';
import { rebuildStatistics } from '../../src/features/statistics/stats-rebuild.service.js';
import { validateSkill, withdrawValidation } from '../../src/features/validation/validation.service.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { lockedDocumentCount } from '../../src/platform/document-lock.js';
import { AppError } from '../../src/platform/errors.js';
import { makeUser } from '../helpers/http.js';
import { identityInput } from '../helpers/residents-fixtures.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

/** A small seeded generator: the same sequence on every run (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODULE = 'decouvrir-ordinateur';
const KINDS = ['installation', 'ordinateur', 'conseil-juridique', 'aide', 'abonnement'] as const;
const STATUSES = ['propose', 'souscrit', 'modem-livre', 'actif', 'termine'] as const;
const DETAILS = {
  installation: { equipment: 'Box', problem: 'Wi-Fi', solved: true },
  ordinateur: { device: 'PC', system: 'Linux', priceCents: 3500, assetTag: 'KRN-1', warrantyEnd: undefined },
  'conseil-juridique': { partner: 'X', subject: 'resiliation', outcome: 'ok', status: 'regle' },
  aide: { themes: ['courriel'], autonomy: 'seul', referral: '' },
} as const;

async function leaderOf(username: string, site: string): Promise<SessionUser> {
  const { user } = await makeUser(username, 'leader', site);
  return (await findSessionUser(user.id))!;
}

describe('statistics: counters equal a rebuild after random concurrent writes (real database)', function () {
  this.timeout(300_000);

  before(async () => {
    // The app loads the catalogue (modules and skills).
    await getApp();
    await clearDatabase();
  });
  afterEach(() => expect(lockedDocumentCount(), 'locks left behind').to.equal(0));

  it('after 120 random writes, 8 at a time, with repeats', async () => {
    const rnd = random(14);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const now = new Date();
    const daysAgo = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - n));
    const dayString = (d: Date) => d.toISOString().slice(0, 10);

    const leaders = [await leaderOf('anim.a', 'Site A (stats)'), await leaderOf('anim.b', 'Site B (stats)')];
    const residents: { id: string; leader: SessionUser }[] = [];
    for (let i = 0; i < 8; i++) {
      const leader = leaders[i % 2]!;
      const id = await createResident(leader, {
        ...identityInput(`P${i}`, `N${i}`),
        dwelling: { address: '', building: pick(['A', 'B', 'C']), entrance: '1', flat: String(i % 5), landlordRef: '' },
      });
      await recordNotice(leader, id, daysAgo(400));
      residents.push({ id, leader });
    }
    // Two residents of site A with an account, for validations and certificates.
    const accounts: { userId: string; leader: SessionUser }[] = [];
    for (const r of residents.filter((x) => x.leader === leaders[0]).slice(0, 2))
      accounts.push({ userId: (await createAccountFromRecord(r.leader, r.id)).user.id, leader: r.leader });
    const sessions: { id: string; leader: SessionUser }[] = [];
    const submissions: string[] = [];
    const certificates: { id: string; leader: SessionUser }[] = [];
    const skills = catalogue()
      .moduleById.get(MODULE)!
      .skills.map((s) => s.id);

    const ops: (() => Promise<unknown>)[] = [
      async () => {
        const r = pick(residents);
        const kind = pick(KINDS);
        // One in five repeats an earlier form (a double click, a retry).
        const submission =
          submissions.length && rnd() < 0.2 ? pick(submissions) : `s${submissions.length}-${Math.floor(rnd() * 1e9)}`;
        submissions.push(submission);
        const details = kind === 'abonnement' ? { status: pick(STATUSES), offer: '', monthlyChargeCents: 100 } : DETAILS[kind];
        const input = {
          kind,
          date: daysAgo(Math.floor(rnd() * 500)),
          durationMinutes: Math.floor(rnd() * 90),
          place: 'espace',
          notes: '',
          submission,
          details,
        };
        await addEntry(r.leader, r.id, input as unknown as EntryInput);
      },
      async () => {
        const leader = pick(leaders);
        const id = await createSession(leader, {
          moduleId: MODULE,
          date: daysAgo(Math.floor(rnd() * 400)),
          durationMinutes: 90,
          notes: '',
        });
        sessions.push({ id, leader });
      },
      async () => {
        if (!sessions.length) return;
        const s = pick(sessions);
        const mine = residents.filter((r) => r.leader === s.leader).map((r) => r.id);
        await setAttendance(
          s.leader,
          s.id,
          mine.filter(() => rnd() < 0.5),
        );
      },
      async () => {
        const a = pick(accounts);
        const input = {
          method: 'atelier',
          level: 'seul',
          day: dayString(daysAgo(Math.floor(rnd() * 300))),
          comment: '',
        } as const;
        if (rnd() < 0.75) await validateSkill(a.leader, a.userId, pick(skills), input, now);
        else await withdrawValidation(a.leader, a.userId, pick(skills), 'Erreur', now);
      },
      async () => {
        const a = pick(accounts);
        if (rnd() < 0.6 || !certificates.length) {
          const { certificate } = await issueCertificate(a.leader, a.userId, MODULE, now);
          certificates.push({ id: certificate.id, leader: a.leader });
        } else {
          const c = pick(certificates);
          await revokeCertificate(c.leader, c.id, 'Erreur', now);
        }
      },
      async () => {
        const r = pick(residents);
        await updateDwelling(r.leader, r.id, {
          address: '',
          building: pick(['A', 'B', 'C', 'D']),
          entrance: '1',
          flat: String(Math.floor(rnd() * 5)),
          landlordRef: '',
        });
      },
    ];
    const weights = [5, 1, 2, 3, 1, 1];
    const weighted = ops.flatMap((op, i) => Array.from({ length: weights[i]! }, () => op));
    let refused = 0;
    for (let batch = 0; batch < 15; batch++) {
      await Promise.all(
        Array.from({ length: 8 }, () =>
          pick(weighted)().catch((err: unknown) => {
            // Refusals (not eligible, nothing to withdraw…) are part of the game; anything else is not.
            if (!(err instanceof AppError) || err.status >= 500) throw err;
            refused++;
          }),
        ),
      );
    }
    expect(refused).to.be.lessThan(60);

    const report = await rebuildStatistics({ dryRun: true });
    expect(report.counters.differences, 'counters').to.deep.equal([]);
    expect(report.facts.differences, 'facts').to.deep.equal([]);
    expect(report.counters.checked).to.be.greaterThan(10);
  });

  it('the rebuild reports a wrong counter and repairs it', async () => {
    const counter = (await StatCounter.findOne({ bucket: 'stock' }).lean())!;
    await StatCounter.updateOne({ _id: counter._id }, { $inc: { 'c.households': 3 } });
    const report = await rebuildStatistics();
    expect(report.counters.differences).to.have.length(1);
    expect(report.counters.differences[0]).to.match(/\|stock households: \d+ → \d+/);
    expect(report.written).to.equal(1);
    expect((await rebuildStatistics({ dryRun: true })).counters.differences).to.deep.equal([]);
  });
});
