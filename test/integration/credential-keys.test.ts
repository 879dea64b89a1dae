/**
 * The issuer's keys outlive the machine: a rotation by `npm run credentials:new-key` (in
 * another process, while the app runs), a leaked key marked by
 * `npm run credentials:retire-key`, a backup restored next to an empty data folder (no
 * private key anywhere), two first starts at once, and the envelope of the first
 * credentials. Every file is checked by the verifier that shares no code with the signer.
 */
import { spawn } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify as edVerify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { ROOT_DIR } from '../../src/config.js';
import type { SessionUser } from '../../src/features/accounts/index.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { CredentialKey } from '../../src/features/certificates/credential-key.model.js';
import { currentKey, keyStore, prepareKeys, retireKey } from '../../src/features/certificates/credential-keys.js';
import { backupFileOpener, restoreBackup, writeBackupFile } from '../../src/platform/backup.js';
import { aLeader, aResident, MODULE, validatedModule } from '../helpers/certificate-builders.js';
import { csrfOf, PASSWORD } from '../helpers/http.js';
import { appFetch, jwtHeader, verifyJson, verifyJwt, type Loose } from '../helpers/independent-verifier.js';
import { clearDatabase, configWith, getApp, logger, testConfig, testDatabaseUri, withTestSchemaLock } from '../helpers/test-env.js';

type Agent = ReturnType<typeof supertest.agent>;

async function loginOn(app: Express, username: string): Promise<Agent> {
  const agent = supertest.agent(app);
  const token = csrfOf((await agent.get('/connexion')).text);
  const res = await agent.post('/connexion').type('form').send({ _csrf: token, username, password: PASSWORD });
  if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status}`);
  return agent;
}

const download = async (agent: Agent, url: string) =>
  (
    await agent
      .get(url)
      .expect(200)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
  ).body as Buffer;

async function verdictOn(app: Express, credential: string): Promise<string> {
  const agent = supertest.agent(app);
  const token = csrfOf((await agent.get('/verifier')).text);
  const res = await agent.post('/verifier').field('_csrf', token).field('credential', credential);
  expect(res.status).to.equal(200);
  return /verify-status" role="status"><span aria-hidden="true">[^<]*<\/span>([^:<]+)/.exec(res.text)?.[1]?.trim() ?? '';
}

/** Runs an npm script of this project in its own process, on this run's database and a data folder. */
function runScript(script: string, args: string[], dataDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'scripts', script), ...args], {
      env: {
        ...process.env,
        MONGODB_URI: testDatabaseUri(),
        DATA_DIR: dataDir,
        PUBLIC_URL: testConfig().PUBLIC_URL,
        NODE_ENV: 'test',
        SESSION_SECRET: 'test-secret-test-secret-test-secret-1234',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

const pemFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.pem'));

describe('the issuer’s keys: rotation, a leaked key, a restore on a new machine (real engine)', function () {
  this.timeout(180_000);
  const publicUrl = () => testConfig().PUBLIC_URL;
  const issuerId = () => `${publicUrl()}/emetteur`;
  const keysDir = () => path.join(testConfig().DATA_DIR, 'credential-keys');
  const scratch = mkdtempSync(path.join(tmpdir(), 'krn-keys-'));
  let app: Express;
  let leader: { user: SessionUser };
  let cert: { id: string; code: string };
  /** Files handed out before each event, kept to be checked after. */
  const handedOut: { jwt: string; json: string }[] = [];

  const filesOf = async (on: Express) => {
    const marie = await loginOn(on, 'marie.keys');
    return {
      jwt: (await download(marie, `/certificats/${cert.id}.jwt`)).toString('utf8'),
      json: (await download(marie, `/certificats/${cert.id}.json`)).toString('utf8'),
    };
  };
  const kidsOf = (f: { jwt: string; json: string }) => [
    jwtHeader(f.jwt).kid as string,
    (JSON.parse(f.json) as Loose).proof.verificationMethod as string,
  ];
  /** Both files verify with the keys `on` publishes, and /verifier of `on` says "Valable". */
  async function stillVerify(on: Express, files: { jwt: string; json: string }[]) {
    const fetch = appFetch(on, publicUrl());
    for (const f of files) {
      const payload = (await verifyJwt(f.jwt, fetch, issuerId())) as Loose;
      expect(payload.jti).to.equal(`${publicUrl()}/verifier/${cert.code}`);
      const json = await verifyJson(JSON.parse(f.json), fetch);
      expect(json.verified, String(json.error)).to.equal(true);
      expect(await verdictOn(on, f.jwt)).to.equal('Valable');
      expect(await verdictOn(on, f.json)).to.equal('Valable');
    }
  }

  before(async () => {
    await clearDatabase();
    app = await getApp();
    leader = await aLeader('anim.keys');
    const marie = await aResident('marie.keys', 'Marie Clés');
    await validatedModule(marie.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, marie.id, MODULE, new Date());
    cert = { id: certificate.id, code: certificate.code };
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('agrees on one key when two processes make the first one at once, its private part owner-only (0600); at start each form gets one', async () => {
    const dir = mkdtempSync(path.join(scratch, 'start-'));
    // An empty key table: the first start of all.
    await CredentialKey.deleteMany({});
    const [a, b] = await Promise.all([
      currentKey(keyStore('https://deux.example', dir), 'data-integrity', new Date()),
      currentKey(keyStore('https://deux.example', dir), 'data-integrity', new Date()),
    ]);
    expect(a.doc.kid).to.equal(b.doc.kid);
    const files = pemFiles(path.join(dir, 'credential-keys'));
    expect(files).to.have.length(1);
    expect(statSync(path.join(dir, 'credential-keys', files[0]!)).mode & 0o777).to.equal(0o600);
    expect(await CredentialKey.countDocuments({})).to.equal(1);
    // At start (server.ts): the missing form gets its key, the other keeps its own.
    await prepareKeys(keyStore('https://deux.example', dir), new Date());
    expect((await CredentialKey.find({}).lean()).map((k) => k.form).sort()).to.deep.equal(['data-integrity', 'jwt']);
    expect(await CredentialKey.countDocuments({ kid: a.doc.kid })).to.equal(1);
    expect(pemFiles(path.join(dir, 'credential-keys'))).to.have.length(2);
    // The app below makes its own first keys.
    await CredentialKey.deleteMany({});
  });

  it('after npm run credentials:new-key (another process, the app running), new downloads carry new kids; the files handed out before still verify', async () => {
    handedOut.push(await filesOf(app));
    const rotation = await runScript('credentials-new-key.ts', [], testConfig().DATA_DIR);
    expect(rotation.code, rotation.out).to.equal(0);
    expect(rotation.out).to.include('Nouvelles clés');
    const after = await filesOf(app);
    const [oldJwtKid, oldJsonKid] = kidsOf(handedOut[0]!);
    const [newJwtKid, newJsonKid] = kidsOf(after);
    expect(newJwtKid).to.not.equal(oldJwtKid);
    expect(newJsonKid).to.not.equal(oldJsonKid);
    handedOut.push(after);
    await stillVerify(app, handedOut);
    const profile = (await supertest(app).get('/emetteur').expect(200)).body as Loose;
    expect(profile.assertionMethod).to.include.members([oldJwtKid, oldJsonKid, newJwtKid, newJsonKid]);
  });

  it('after npm run credentials:retire-key, what the leaked key signed since reads "À réémettre"; the next download is signed by a new key', async () => {
    const leaked = handedOut[1]!;
    const [leakedKid] = kidsOf(leaked);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const retired = await runScript(
      'credentials-retire-key.ts',
      [leakedKid!, '--compromised-since', yesterday],
      testConfig().DATA_DIR,
    );
    expect(retired.code, retired.out).to.equal(0);
    expect(retired.out).to.include('compromise').and.include('Nouvelle clé');
    expect(await verdictOn(app, leaked.jwt)).to.equal('À réémettre');
    // The other form's key did not leak; the file signed before the rotation neither.
    expect(await verdictOn(app, leaked.json)).to.equal('Valable');
    expect(await verdictOn(app, handedOut[0]!.jwt)).to.equal('Valable');
    const profile = (await supertest(app).get('/emetteur').expect(200)).body as Loose;
    expect(profile.verificationMethod.find((m: Loose) => m.id === leakedKid).revoked).to.be.a('string');

    const resigned = await filesOf(app);
    expect(kidsOf(resigned)[0]).to.not.equal(leakedKid);
    expect(await verdictOn(app, resigned.jwt)).to.equal('Valable');
    handedOut[1] = { jwt: resigned.jwt, json: leaked.json };

    // A leak dated after a signature leaves that signature standing.
    const [jsonKid] = kidsOf(leaked).slice(1);
    await retireKey(keyStore(publicUrl(), testConfig().DATA_DIR), jsonKid!, new Date(Date.now() + 86_400_000), new Date());
    expect(await verdictOn(app, leaked.json)).to.equal('Valable');
  });

  it('after npm run backup, an empty data folder and npm run restore (no private key anywhere), old files verify and new downloads carry new kids', async () => {
    const file = path.join(scratch, 'backup.jsonl.gz');
    await writeBackupFile(mongoose.connection.db!, file, { appVersion: 'test' });
    // The backup holds every public key and no private one.
    const dump = gunzipSync(readFileSync(file)).toString('utf8');
    expect(dump).to.not.include('PRIVATE KEY');
    for (const f of pemFiles(keysDir())) {
      const jwk = createPrivateKey(readFileSync(path.join(keysDir(), f), 'utf8')).export({ format: 'jwk' });
      expect(dump).to.not.include(jwk.d!);
    }
    const kidsBefore = handedOut.flatMap(kidsOf);
    for (const kid of kidsBefore) expect(dump).to.include(kid);

    await restoreBackup(mongoose.connection.db!, backupFileOpener(file), { force: true, withSchemaLock: withTestSchemaLock });
    // The old machine is gone with its private keys: none anywhere.
    const oldKeyFiles = pemFiles(keysDir());
    rmSync(keysDir(), { recursive: true, force: true });
    const emptyDataDir = mkdtempSync(path.join(scratch, 'new-machine-'));
    const restored = await createApp({ config: configWith({ DATA_DIR: emptyDataDir }), logger });
    await stillVerify(restored, handedOut);

    const fresh = await filesOf(restored);
    for (const kid of kidsOf(fresh)) expect(kidsBefore).to.not.include(kid);
    await stillVerify(restored, [fresh]);
    // The new machine holds the new keys' private parts only.
    expect(pemFiles(path.join(emptyDataDir, 'credential-keys'))).to.have.length(2);
    for (const f of pemFiles(path.join(emptyDataDir, 'credential-keys'))) expect(oldKeyFiles).to.not.include(f);
  });

  it('keeps the envelope of the first credentials inside their PDF (the same file at every download and after a rotation) while the machine has that key; /verifier says "Valable"', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const legacyApp = await createApp({ config: configWith({ CREDENTIAL_SIGNING_KEY: pem }), logger });
    // A certificate issued in the days of the envelope form.
    await Certificate.updateOne({ _id: cert.id }, { $unset: { credentialVersion: 1 } });
    const anim = await loginOn(legacyApp, 'anim.keys');
    const pdf = await download(anim, `/certificats/${cert.id}.pdf`);
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
    const files = Object.values((await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>);
    await doc.destroy();
    expect(files.map((f) => f.filename)).to.deep.equal([`attestation-${cert.code}.json`]);
    const envelope = Buffer.from(files[0]!.content).toString('utf8');
    const jws = (JSON.parse(envelope) as Loose).id.slice('data:application/vc+jwt,'.length) as string;
    const [h, p, s] = jws.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Loose;
    expect(header).to.deep.include({ alg: 'EdDSA', typ: 'vc+jwt' });
    // The published key at that kid checks it, with Node's own Ed25519.
    const profile = (await supertest(legacyApp).get('/emetteur').expect(200)).body as Loose;
    const method = profile.verificationMethod.find((m: Loose) => m.id === header.kid);
    expect(method.publicKeyJwk.x).to.equal(createPublicKey(privateKey).export({ format: 'jwk' }).x);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: method.publicKeyJwk.x }, format: 'jwk' });
    expect(edVerify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))).to.equal(true);
    // The same file again, after a rotation too; /verifier (of either app) says valable.
    expect(await runScript('credentials-new-key.ts', [], testConfig().DATA_DIR).then((r) => r.code)).to.equal(0);
    expect((await download(anim, `/certificats/${cert.id}.pdf`)).equals(pdf)).to.equal(true);
    expect(await verdictOn(legacyApp, envelope)).to.equal('Valable');
    expect(await verdictOn(app, envelope)).to.equal('Valable');
    // Its bare JWS too; one character changed, "Modifiée".
    expect(await verdictOn(app, jws)).to.equal('Valable');
    const at = Math.floor(p.length / 2);
    expect(await verdictOn(app, `${h}.${p.slice(0, at)}${p[at] === 'A' ? 'B' : 'A'}${p.slice(at + 1)}.${s}`)).to.equal(
      'Modifiée',
    );
  });
});
