/**
 * The production server refuses to start with an https address unless it knows it runs
 * behind the HTTPS proxy: without BEHIND_HTTPS_PROXY there would be neither HSTS nor
 * Secure cookies. The refusal comes before any database, in French and English.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('https means https: the server refuses to start without BEHIND_HTTPS_PROXY', function () {
  this.timeout(60_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kerourien-https-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 1 with a message that names BEHIND_HTTPS_PROXY, in French and English', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.BEHIND_HTTPS_PROXY;
    const app = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], {
      env: {
        ...env,
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://numerique.example.fr',
        DATA_DIR: dataDir,
        // Never reached: the refusal comes first.
        MONGODB_URI: 'mongodb://127.0.0.1:9/none',
        SESSION_SECRET: 'https-secret-https-secret-https-1234',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    app.stdout.on('data', (d: Buffer) => (output += d.toString()));
    app.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => app.once('exit', resolve));
    expect(code).to.equal(1);
    expect(output).to.include('BEHIND_HTTPS_PROXY');
    expect(output).to.include('mettez BEHIND_HTTPS_PROXY=true').and.include('set BEHIND_HTTPS_PROXY=true');
  });
});
