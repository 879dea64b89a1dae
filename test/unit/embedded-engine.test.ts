import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/platform/logger.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded database engine', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'krn-engine-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never outlives a crashed app: the launcher stops when its parent is killed', async () => {
    // A child Node process starts the engine, prints its pid, then is killed with SIGKILL.
    const script = `
      import { startEmbeddedEngine } from ${JSON.stringify(path.resolve('src/platform/embedded-engine.ts'))};
      import { createLogger } from ${JSON.stringify(path.resolve('src/platform/logger.ts'))};
      await startEmbeddedEngine({ dataDir: ${JSON.stringify(dir)}, backend: 'sqlite', logger: createLogger('silent') });
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
    });
    const lock = JSON.parse(readFileSync(path.join(dir, 'engine.json'), 'utf8')) as { pid: number };
    expect(alive(lock.pid)).to.equal(true);
    child.kill('SIGKILL');
    const deadline = Date.now() + 10_000;
    while (alive(lock.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(lock.pid), 'launcher still running after its parent died').to.equal(false);
  });

  it('reuses the engine already running on a data directory instead of starting a second one', async () => {
    const { startEmbeddedEngine } = await import('../../src/platform/embedded-engine.js');
    const logger = createLogger('silent');
    const first = await startEmbeddedEngine({ dataDir: dir, backend: 'sqlite', logger });
    try {
      const second = await startEmbeddedEngine({ dataDir: dir, backend: 'sqlite', logger });
      expect(second.owned).to.equal(false);
      expect(second.uri).to.equal(first.uri);
    } finally {
      await first.stop();
    }
    expect(existsSync(path.join(dir, 'engine.json'))).to.equal(false);
  });
});

describe('logger', () => {
  it('redacts passwords, cookies and CSRF tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const logger = createLogger('info', sink);
    logger.info(
      { req: { headers: { cookie: 'krn.sid=secret-cookie' } }, body: { password: 'hunter2', _csrf: 'tok3n' } },
      'login',
    );
    const out = lines.join('');
    expect(out).to.include('login').and.include('[masqué]');
    expect(out).to.not.include('secret-cookie').and.not.include('hunter2').and.not.include('tok3n');
  });
});
