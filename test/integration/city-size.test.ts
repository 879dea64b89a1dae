/**
 * A city's size (issue 20): `npm run seed:scale` writes 10,000 residents (2 answers each,
 * to keep the run short; CITY_RESIDENTS changes the size) into a fresh DATA_DIR, with
 * audit events as an older version wrote them (no `month`). The app as it runs in
 * production (`src/server.ts`, a child process, its own embedded engine) starts on it:
 * its background queue runs the audit-month migration, then the daily backup, while a
 * leader's pages are served and /healthz is asked every 250 ms. Every health check
 * answers 200 within 2 s, every page 200; the migration and the backup finish; SIGTERM
 * stops the app cleanly. The times go to the console (bench/README.md keeps them); it is
 * a behaviour check, not a benchmark. CITY_DATA_DIR: a directory that `npm run seed:scale --
 * --without-audit-months` filled already (the seed is skipped, the directory kept).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Client } from '../../bench/http-client.js';
import { SCALE_PASSWORD, leaderUsername } from '../../scripts/scale-data.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RESIDENTS = Number(process.env.CITY_RESIDENTS ?? 10_000);
/** How long the migration and the backup may take together (minutes); CITY_LIMIT_MIN on a slow machine. */
const LIMIT_MIN = Number(process.env.CITY_LIMIT_MIN ?? 25);
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

describe(`a city's size: ${RESIDENTS} residents, a start-up migration and the backup while pages are served`, function () {
  this.timeout((LIMIT_MIN + 30) * 60_000);
  const given = process.env.CITY_DATA_DIR;
  const dataDir = given ?? mkdtempSync(path.join(tmpdir(), 'kerourien-city-'));
  const env = {
    ...withoutMongodbUri(),
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    SESSION_SECRET: 'city-size-secret-city-size-secret-1234',
    LOG_LEVEL: 'info',
  };
  after(() => {
    // The engine's launcher may still write its last log line just after the app exits.
    if (!given) rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
  });

  it('answers /healthz within 2 s throughout, serves pages, migrates, backs up and stops cleanly', async () => {
    const seedStarted = Date.now();
    const seed = given
      ? { status: 0, stdout: '', stderr: '' }
      : spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            path.join(ROOT, 'scripts/seed-scale.ts'),
            '--residents',
            String(RESIDENTS),
            '--attempts-per-resident',
            '2',
            '--without-audit-months',
          ],
          { env, encoding: 'utf8', cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
        );
    expect(seed.status, seed.stdout + seed.stderr).to.equal(0);
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    const port = await freePort();
    const started = Date.now();
    const app = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], {
      env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const logLines: Record<string, unknown>[] = [];
    let rest = '';
    app.stdout.on('data', (d: Buffer) => {
      rest += d.toString();
      const lines = rest.split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        log = (log + line + '\n').slice(-40_000);
        try {
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      }
    });
    app.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-40_000)));
    const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
    const logged = (msg: string) => logLines.find((l) => l.msg === msg);

    try {
      // Listening: the first answer of /healthz (the engine and the app start first).
      for (let i = 0; ; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status > 0,
          () => false,
        );
        if (ok) break;
        if (i > 1200 || app.exitCode !== null) throw new Error(`the app did not start:\n${log}`);
        await sleep(250);
      }
      const listeningAfter = (Date.now() - started) / 1000;

      // From now until the backup is written: /healthz every 250 ms, a leader's pages meanwhile.
      const backups = path.join(dataDir, 'backups');
      const backupDone = () =>
        existsSync(backups) && readdirSync(backups).some((n) => n.endsWith('.jsonl.gz') && !n.includes('.partial'));
      const health: { ms: number; status: number; body: string; job: string | null }[] = [];
      const pages: { url: string; status: number; ms: number }[] = [];
      let finished = false;
      const poll = (async () => {
        while (!finished) {
          const t = Date.now();
          const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
            async (res) => ({ status: res.status, body: await res.text() }),
            (err: unknown) => ({ status: 0, body: String(err) }),
          );
          const ms = Date.now() - t;
          const job = (/"background":"([^"]+)"/.exec(r.body) ?? [])[1] ?? null;
          health.push({ ms, status: r.status, body: r.body, job });
          await sleep(Math.max(0, 250 - ms));
        }
      })();
      const browse = (async () => {
        const leader = new Client(port);
        await leader.login(leaderUsername(0), SCALE_PASSWORD);
        const urls = ['/', '/residents', '/seances', '/validation', '/residents?lettre=m'];
        for (let i = 0; !finished; i++) {
          const url = urls[i % urls.length]!;
          const t = Date.now();
          const res = await leader.request('GET', url);
          pages.push({ url, status: res.status, ms: Date.now() - t });
          await sleep(500);
        }
      })();

      while (!backupDone()) {
        if (app.exitCode !== null) throw new Error(`the app stopped:\n${log}`);
        if (Date.now() - started > LIMIT_MIN * 60_000) throw new Error(`no backup after ${LIMIT_MIN} minutes:\n${log}`);
        await sleep(500);
      }
      finished = true;
      await Promise.all([poll, browse]);

      const migrated = logged('maintenance: older documents completed');
      const backup = logged('daily backup written');
      const maxHealth = Math.max(...health.map((h) => h.ms));
      const duringMigration = health.filter((h) => h.job === 'migrations');
      const duringBackup = health.filter((h) => h.job === 'backup');
      const maxOf = (xs: { ms: number }[]) => (xs.length ? Math.max(...xs.map((x) => x.ms)) : null);
      process.stdout.write(
        `      ${RESIDENTS} residents: seed ${seedSeconds.toFixed(0)} s; app listening after ${listeningAfter.toFixed(1)} s; ` +
          `migration ${String(migrated?.seconds)} s (${String(migrated?.['audit-month'])} audit events); ` +
          `backup ${String(backup?.seconds)} s (${String(backup?.documents)} documents); ` +
          `/healthz: ${health.length} checks, max ${maxHealth} ms (during the migration ${maxOf(duringMigration)} ms over ` +
          `${duringMigration.length}, during the backup ${maxOf(duringBackup)} ms over ${duringBackup.length}); ` +
          `pages: ${pages.length}, max ${maxOf(pages)} ms\n`,
      );

      expect(migrated, `the migration is logged:\n${log}`).to.not.equal(undefined);
      expect(migrated!['audit-month'], 'every audit event without its month was migrated').to.be.greaterThan(RESIDENTS);
      expect(backup, `the backup is logged:\n${log}`).to.not.equal(undefined);
      expect(
        health.filter((h) => h.status !== 200).map((h) => h.body),
        'every health check says ok',
      ).to.deep.equal([]);
      expect(maxHealth, 'the slowest health check (ms)').to.be.below(2000);
      expect(duringMigration.length, 'health checks while the migration ran').to.be.greaterThan(0);
      expect(
        pages.filter((p) => p.status !== 200),
        'every page answered',
      ).to.deep.equal([]);
      expect(pages.length).to.be.greaterThan(0);

      app.kill('SIGTERM');
      expect(await exited, log).to.equal(0);
    } finally {
      if (app.exitCode === null) {
        app.kill('SIGKILL');
        await exited;
      }
    }
  });
});
