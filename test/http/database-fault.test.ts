/**
 * The engine dies under load: pages answer a French 503 quickly, /healthz says so, the
 * app starts the engine again by itself, and every acknowledged write is there once.
 */
import { expect } from 'chai';
import { catalogue } from '../../src/features/workshops/index.js';
import { getProgress } from '../../src/features/progress/index.js';
import { rightAnswer } from '../../src/features/exercises/sample-answers.js';
import { csrfOf, loggedIn, makeUser, type Agent } from '../helpers/http.js';
import { clearDatabase, testEngine } from '../helpers/test-env.js';
import { COMMON, ENTRY, SITE_A, createResident, giveNotice, submission } from '../helpers/residents-fixtures.js';
import mongoose from 'mongoose';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a form until it is acknowledged, as a person pressing "send" again would. */
async function untilAcknowledged(send: () => Promise<{ status: number }>, ok: number[], seen: number[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await send().catch(() => ({ status: 0 }));
    seen.push(res.status);
    if (ok.includes(res.status)) return;
    if (res.status !== 503 && res.status !== 0) throw new Error(`unexpected status ${res.status}`);
    if (Date.now() > deadline) throw new Error('the engine did not come back within 2 minutes');
    await sleep(300);
  }
}

describe('database faults (HTTP, real engine killed under load)', function () {
  this.timeout(240_000);
  // Whatever happened above, the next test files find the engine back.
  after(async () => {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const up = await mongoose.connection.db!.admin().ping().then(
        () => true,
        () => false,
      );
      if (up) return;
      await sleep(500);
    }
  });

  it('answers 503 while the engine is down, restarts it, and keeps every acknowledged write once', async () => {
    await clearDatabase();
    await makeUser('anim.fault', 'leader', SITE_A);
    const { user } = await makeUser('res.fault', 'resident', SITE_A);
    const leader = await loggedIn('anim.fault');
    const resident: Agent = await loggedIn('res.fault');
    const residentRecord = await createResident(leader);
    await giveNotice(leader, residentRecord);

    // Open everything first: the forms' tokens and one-time submission ids.
    const exercises = catalogue()
      .modules.flatMap((m) => m.exercises)
      .filter((e) => e.type !== 'auto-evaluation')
      .slice(0, 16);
    const answers = [];
    for (const e of exercises) {
      const url = `/ateliers/${e.moduleId}/exercices/${e.id}`;
      const page = await resident.get(url).expect(200);
      const sub = /name="submission" value="([^"]+)"/.exec(page.text)![1]!;
      answers.push({ e, url, body: { _csrf: csrfOf(page.text), submission: sub, ...rightAnswer(e) } });
    }
    const entryUrl = `/residents/${residentRecord}/accompagnements/installation`;
    const entryToken = csrfOf((await leader.get(entryUrl).expect(200)).text);
    const entries = Array.from({ length: 16 }, (_, i) => ({
      _csrf: entryToken,
      ...COMMON,
      ...ENTRY.installation,
      notes: `panne-${i}`,
      submission: submission(),
    }));

    const statuses: number[] = [];
    const work = [
      ...answers.map((a) => () => untilAcknowledged(() => resident.post(a.url).type('form').send(a.body), [303], statuses)),
      ...entries.map((body) => () => untilAcknowledged(() => leader.post(entryUrl).type('form').send(body), [303], statuses)),
    ];
    // Four at a time; the engine is killed once a quarter of the writes are acknowledged.
    let next = 0;
    let done = 0;
    let killed = false;
    let outage: { status: number; ms: number; text: string; health: number; healthBody: string } | undefined;
    const worker = async () => {
      while (next < work.length) {
        const job = work[next++]!;
        await job();
        done++;
        if (!killed && done >= work.length / 4) {
          killed = true;
          process.kill(testEngine()!.pid!, 'SIGKILL');
          await sleep(200);
          const started = Date.now();
          const page = await resident.get('/ateliers');
          const health = await resident.get('/healthz');
          outage = {
            status: page.status,
            ms: Date.now() - started,
            text: page.text,
            health: health.status,
            healthBody: health.text,
          };
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);

    expect(killed).to.equal(true);
    expect(outage!.status, 'a page during the outage').to.equal(503);
    expect(outage!.text).to.include('indisponible');
    expect(outage!.ms, 'a 503 comes quickly, not after the driver’s 10 s default').to.be.below(6000);
    expect(outage!.health).to.equal(503);
    expect(statuses.filter((s) => s === 503).length, 'some writes met the outage').to.be.greaterThan(0);

    // Back to normal without a restart of the app.
    await resident.get('/healthz').expect(200);
    const p = await getProgress(user.id);
    for (const a of answers) expect(p.exercises[a.e.id], a.e.id).to.include({ attempts: 1, solved: true });
    const notes = (await mongoose.connection.db!.collection('supportentries').find({}).toArray()).map((d) => d.notes as string);
    for (let i = 0; i < entries.length; i++)
      expect(
        notes.filter((n) => n === `panne-${i}`),
        `panne-${i}`,
      ).to.have.length(1);
  });
});
