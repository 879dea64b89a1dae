/**
 * Page weight on the 2 Mbit/s line: bytes on the wire (gzip) for a first visit (the
 * page, its CSS, JS and images) and for a second visit (assets are cached for a year,
 * so only the page). Budget from DESIGN.md: < 60 KB first visit, < 15 KB second.
 * Run: npx tsx bench/page-weight.bench.ts   (starts its own FerretDB in a temp dir)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import mongoose from 'mongoose';
import { ensureAccount } from '../src/features/accounts/index.js';
import { Certificate } from '../src/features/certificates/certificate.model.js';
import { createResident } from '../src/features/residents/resident.service.js';
import { createSession } from '../src/features/sessions/index.js';
import { audit } from '../src/platform/audit.js';
import { findOrCreateSite } from '../src/features/sites/index.js';
import { catalogue } from '../src/features/workshops/index.js';
import { connectDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';

const BUDGET_FIRST = 60 * 1024;
const BUDGET_SECOND = 15 * 1024;

const dataDir = mkdtempSync(path.join(tmpdir(), 'krn-bench-'));
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12',
  LOG_LEVEL: 'silent',
});
const logger = createLogger('silent');
const db = await connectDatabase(config, logger, { dbName: 'bench' });
const app = await createApp({ config, logger });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const port = (server.address() as AddressInfo).port;

const jar = new Map<string, string>();
function get(url: string, body?: string): Promise<{ status: number; bytes: number; text: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: url,
        method: body ? 'POST' : 'GET',
        headers: {
          'accept-encoding': 'gzip',
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        const set = res.headers['set-cookie'];
        for (const c of set ?? []) {
          const [pair] = c.split(';');
          const eq = pair!.indexOf('=');
          jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', async () => {
          const raw = Buffer.concat(chunks);
          const { gunzipSync } = await import('node:zlib');
          const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
          resolve({
            status: res.statusCode ?? 0,
            bytes: raw.length + 300 /* headers, roughly */,
            text,
            location: res.headers.location,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const site = await findOrCreateSite({ name: 'Bench' });
await ensureAccount({
  username: 'bench.resident',
  password: 'bench-password-123',
  role: 'resident',
  displayName: 'Bench',
  siteId: site.id,
});
const rows: string[] = [];
let worstFirst = 0;
let worstSecond = 0;
async function measure(name: string, url: string) {
  const page = await get(url);
  if (page.status !== 200) throw new Error(`${url}: ${page.status}`);
  const assets = [...page.text.matchAll(/(?:href|src)="(\/(?:static|contenu)\/[^"]+)"/g)].map((x) =>
    x[1]!.replace(/&amp;/g, '&'),
  );
  let assetBytes = 0;
  for (const a of new Set(assets)) assetBytes += (await get(a)).bytes;
  const first = page.bytes + assetBytes;
  worstFirst = Math.max(worstFirst, first);
  worstSecond = Math.max(worstSecond, page.bytes);
  rows.push(
    `| ${name} | ${(page.bytes / 1024).toFixed(1)} | ${(assetBytes / 1024).toFixed(1)} | ${(first / 1024).toFixed(1)} | ${((first * 8) / 2_000_000).toFixed(2)} s |`,
  );
  return page;
}

await measure('verification (visitor)', '/verifier');
const login = await measure('login (visitor)', '/connexion');
const token = /name="_csrf" value="([^"]+)"/.exec(login.text)![1]!;
await get('/connexion', `_csrf=${encodeURIComponent(token)}&username=bench.resident&password=bench-password-123`);

const m = catalogue().modules[4]!;
const ex = (type: string) =>
  m.exercises.find((e) => e.type === type) ??
  catalogue()
    .modules.flatMap((x) => x.exercises)
    .find((e) => e.type === type)!;
const pages = [
  ['home', '/'],
  ['catalogue', '/ateliers'],
  ['module', `/ateliers/${m.id}`],
  ['lesson', `/ateliers/${m.id}/lecons/${m.lessons[0]!.id}`],
  ['exercise: zone-image', `/ateliers/${ex('zone-image').moduleId}/exercices/${ex('zone-image').id}`],
  ['exercise: situation', `/ateliers/${ex('situation').moduleId}/exercices/${ex('situation').id}`],
  ['progress', '/ma-progression'],
] as const;

for (const [name, url] of pages) await measure(name, url);

// The staff's paged lists, each with a full page of 50 rows (and a next page).
async function logInAs(username: string) {
  jar.clear();
  const form = await get('/connexion');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
  const res = await get('/connexion', `_csrf=${encodeURIComponent(csrf)}&username=${username}&password=bench-password-123`);
  if (res.status !== 303) throw new Error(`login of ${username}: ${res.status}`);
}
const { user: leader } = await ensureAccount({
  username: 'bench.leader',
  password: 'bench-password-123',
  role: 'leader',
  displayName: 'Animatrice Bench',
  siteId: site.id,
});
await ensureAccount({ username: 'bench.coord', password: 'bench-password-123', role: 'coordinator', displayName: 'Coord' });
for (let i = 1; i <= 51; i++) {
  const n = String(i).padStart(2, '0');
  await createResident(leader, {
    firstName: 'Marie-Hélène',
    lastName: `Abgrall-Kerouredan ${n}`,
    birthYear: null,
    phone: '',
    noPhone: true,
    email: '',
    jobSeeker: false,
    readingNeeds: [],
    dwelling: { building: 'Iroise', entrance: '2', flat: `1${n}`, address: '', landlordRef: '' },
  });
  await createSession(leader, { moduleId: m.id, date: new Date(Date.UTC(2025, 0, i)), durationMinutes: 90, notes: '' });
  await ensureAccount({
    username: `bench.resident.${n}`,
    password: 'bench-password-123',
    role: 'resident',
    displayName: `Marie-Hélène Abgrall-Kerouredan ${n}`,
    siteId: site.id,
  });
  await audit(leader, 'resident.view', `resident:${new mongoose.Types.ObjectId().toHexString()}`, {});
}
await Certificate.insertMany(
  Array.from({ length: 51 }, (_, i) => ({
    code: `KRN-BNCH-${String(i + 100).padStart(4, '2')}`,
    user: new mongoose.Types.ObjectId(),
    site: new mongoose.Types.ObjectId(site.id),
    siteName: site.name,
    kind: 'module',
    ref: m.id,
    title: m.title.slice(0, 120),
    holderName: `Marie-Hélène Abgrall-Kerouredan ${i}`,
    issuedAt: new Date(Date.UTC(2025, 1, 1, 0, i)),
    issuedBy: new mongoose.Types.ObjectId(leader.id),
    issuedByName: 'Animatrice Bench',
    status: 'valid',
    activeKey: `bench:${i}`,
  })),
);
await logInAs('bench.leader');
for (const [name, url] of [
  ['residents (leader, 50 rows)', '/residents'],
  ['residents search (leader)', '/residents?q=abgrall'],
  ['sessions (leader, 50 rows)', '/seances'],
  ['certificates (leader, 50 rows)', '/certificats'],
  ['accounts (leader, 50 rows)', '/comptes'],
] as const)
  await measure(name, url);
await logInAs('bench.coord');
await measure('journal (coordinator, 50 rows)', '/journal');
await measure('certificates (coordinator, every site)', '/certificats');

process.stdout.write(
  [
    `Page weight, gzip, bytes on the wire (KB). Budget: first visit < ${BUDGET_FIRST / 1024} KB, second < ${BUDGET_SECOND / 1024} KB.`,
    '',
    '| page | HTML (2nd visit) | CSS + JS + images | 1st visit | 1st visit at 2 Mbit/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `worst first visit ${(worstFirst / 1024).toFixed(1)} KB (${worstFirst < BUDGET_FIRST ? 'within' : 'OVER'} budget), worst second visit ${(worstSecond / 1024).toFixed(1)} KB (${worstSecond < BUDGET_SECOND ? 'within' : 'OVER'} budget)`,
    '',
  ].join('\n'),
);

server.close();
await db.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
