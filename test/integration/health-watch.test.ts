/**
 * An engine that stops answering (issue 20: every pool connection taken, every page and
 * /healthz waiting for ever). The app as it runs in production (`src/server.ts`, a child
 * process with its own embedded engine); the engine is frozen (SIGSTOP): /healthz
 * answers 503 with a reason within HEALTH_TIMEOUT, never waits; after
 * ENGINE_STUCK_AFTER the app restarts its engine by itself and /healthz says ok again,
 * without a restart of the app.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** This machine's environment, but the embedded engine: never a MONGODB_URI set outside. */
const withoutMongodbUri = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'MONGODB_URI'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
/** The engine launchers started by `pid` (tsx may have a child of its own too). */
const childrenOf = (pid: number) =>
  spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes('ferretdb'))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((n) => n > 0);

describe('an engine that stops answering (the production server, its own embedded engine)', function () {
  this.timeout(240_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kerourien-stuck-'));
  after(() => rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 }));

  it('/healthz says 503 with a reason within its limit, and the app restarts its engine by itself', async () => {
    const port = await freePort();
    const app = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], {
      env: {
        ...withoutMongodbUri(),
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'test',
        SESSION_SECRET: 'stuck-secret-stuck-secret-stuck-1234',
        LOG_LEVEL: 'info',
        HEALTH_TIMEOUT: '500ms',
        ENGINE_STUCK_AFTER: '3s',
        ENGINE_RESTART_DELAY: '500ms',
      },
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const keep = (d: Buffer) => (log = (log + d.toString()).slice(-30_000));
    app.stdout.on('data', keep);
    app.stderr.on('data', keep);
    const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
    const health = async () => {
      const t = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown>, ms: Date.now() - t };
    };
    const until = async (what: string, ok: () => Promise<boolean>, ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end; await sleep(250)) if (await ok().catch(() => false)) return;
      throw new Error(`${what}: not within ${ms / 1000} s\n${log}`);
    };
    let frozen: number | undefined;
    try {
      await until('the app answers', async () => (await health()).status === 200, 120_000);
      const [engine] = childrenOf(app.pid!);
      expect(engine, 'the engine, a child of the app').to.be.a('number');

      frozen = engine!;
      process.kill(frozen, 'SIGSTOP');
      const stuck = await health();
      expect(stuck.status).to.equal(503);
      expect(stuck.body.reason).to.match(/no answer from the database within 500 ms/);
      expect(stuck.ms, 'a stuck engine never makes /healthz wait').to.be.below(2000);

      await until('the app restarts its stuck engine', async () => log.includes('embedded engine stuck: restarting it'), 60_000);
      await until('the engine answers again', async () => (await health()).status === 200, 90_000);
      expect(childrenOf(app.pid!), 'a new engine').to.not.include(frozen);
      expect(app.exitCode, 'the app itself never stopped').to.equal(null);

      app.kill('SIGTERM');
      expect(await exited, log).to.equal(0);
    } finally {
      if (frozen) spawnSync('kill', ['-CONT', String(frozen)]);
      if (app.exitCode === null) {
        app.kill('SIGKILL');
        await exited;
      }
    }
  });
});
