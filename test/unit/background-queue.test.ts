/**
 * The background queue (src/platform/background.ts): one job at a time, a step waits
 * while requests are served, and stop() ends the running job at its next step.
 */
import { expect } from 'chai';
import express from 'express';
import supertest from 'supertest';
import { BackgroundQueue, backgroundJob, countRequests, Stopped } from '../../src/platform/background.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('background queue', () => {
  it('runs one job at a time, in the order given', async () => {
    const queue = new BackgroundQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      expect(backgroundJob()).to.equal(name);
      await sleep(20);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('a', job('a')), queue.run('b', job('b')), queue.run('c', job('c'))]);
    expect(results).to.deep.equal(['a', 'b', 'c']);
    expect(log).to.deep.equal(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(backgroundJob()).to.equal(undefined);
  });

  it('a failing job rejects its caller and the next one still runs', async () => {
    const queue = new BackgroundQueue();
    const failed = queue
      .run('fails', () => Promise.reject(new Error('boom')))
      .then(
        () => expect.fail('should reject'),
        (err: Error) => err.message,
      );
    const next = queue.run('next', () => Promise.resolve(1));
    expect(await failed).to.equal('boom');
    expect(await next).to.equal(1);
  });

  it('a step waits while a request is served (a quarter of a second at most), and not when none is', async () => {
    const app = express();
    app.use(countRequests());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    app.get('/slow', async (_req, res) => {
      entered();
      await held;
      res.send('ok');
    });
    const server = app.listen(0, '127.0.0.1');
    try {
      const request = supertest(server)
        .get('/slow')
        .then((r) => r.status);
      await inHandler;
      const queue = new BackgroundQueue();
      const timeStep = () =>
        queue.run('waits', async (ctx) => {
          const t = Date.now();
          await ctx.step();
          return Date.now() - t;
        });
      const busy = await timeStep();
      expect(busy, 'waits while the request is in flight').to.be.at.least(200);
      expect(busy, 'then goes on: the job finishes under traffic').to.be.below(1500);
      release();
      expect(await request).to.equal(200);
      expect(await timeStep(), 'no wait without a request').to.be.below(150);
    } finally {
      server.close();
    }
  });

  it('stop() ends the running job at its next step and refuses queued and new jobs', async () => {
    const queue = new BackgroundQueue();
    let steps = 0;
    const long = queue.run('long', async (ctx) => {
      for (;;) {
        await sleep(5);
        await ctx.step();
        steps++;
      }
    });
    const queued = queue.run('queued', () => Promise.resolve('never'));
    const outcomes = [long, queued].map((p) =>
      p.then(
        () => 'done',
        (err: unknown) => err,
      ),
    );
    await sleep(50);
    await queue.stop();
    const at = steps;
    outcomes.push(
      queue
        .run('late', () => Promise.resolve('never'))
        .then(
          () => 'done',
          (err: unknown) => err,
        ),
    );
    for (const outcome of await Promise.all(outcomes)) expect(outcome).to.be.instanceOf(Stopped);
    await sleep(30);
    expect(steps, 'nothing runs after stop').to.equal(at);
  });
});
