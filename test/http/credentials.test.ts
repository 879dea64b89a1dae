/**
 * The signed credential of a certificate (Open Badges 3.0, VC-JWT), through the real app
 * and database. The signature is checked here with Node's own Ed25519 (`crypto.verify`)
 * and the public key the app publishes, never with the code that signed (jose).
 */
import { createHash, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { SessionUser } from '../../src/features/accounts/index.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { anonymiseCertificatesOfUser } from '../../src/features/certificates/certificate-erasure.service.js';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { reissueCertificate, revokeCertificate } from '../../src/features/certificates/certificate-revoke.service.js';
import { User } from '../../src/features/accounts/user.model.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { findOrCreateSite, updateOrganisation } from '../../src/features/sites/index.js';
import { aLeader, aResident, MODULE, SITE, validatedModule } from '../helpers/certificate-builders.js';
import { csrfFor, getBinary, loggedIn, newAgent, type Agent } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { clearDatabase, getApp, testConfig } from '../helpers/test-env.js';

const MARIE = 'Marie-Hélène Le Guérec';
const ORGANISATION = {
  legalName: 'Association Ti Kérourien',
  address: '3 rue de Kérourien, 29200 Brest',
  phone: '02 98 00 00 00',
  website: 'https://www.ti-kerourien.example',
  signatoryName: 'Anne Le Bris',
  signatoryRole: 'Directrice du centre social',
};

/** Decoded JSON read field by field in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Loose;

/** The compact JWS inside the enveloped credential. */
function jwsOf(json: string): string {
  const env = JSON.parse(json) as { id: string; type: string };
  expect(env.type).to.equal('EnvelopedVerifiableCredential');
  expect(env.id.startsWith('data:application/vc+jwt,')).to.equal(true);
  return env.id.slice('data:application/vc+jwt,'.length);
}

/** Ed25519 over `header.payload`, with the JWK the issuer profile publishes: Node's crypto, not jose. */
function independentlyVerified(jws: string, jwk: Record<string, string>): boolean {
  const [h, p, s] = jws.split('.');
  const key = createPublicKey({ key: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! }, format: 'jwk' });
  return edVerify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'));
}

/** One character of the payload changed (in the middle: a base64url segment's last character may not count). */
function oneCharacterChanged(jws: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const at = Math.floor(p.length / 2);
  const swapped = p[at] === 'A' ? 'B' : 'A';
  return `${h}.${p.slice(0, at)}${swapped}${p.slice(at + 1)}.${s}`;
}

async function postCredential(agent: Agent, fields: { credential?: string; file?: Buffer }) {
  const token = await csrfFor(agent, '/verifier');
  let req = agent.post('/verifier').field('_csrf', token);
  if (fields.credential !== undefined) req = req.field('credential', fields.credential);
  if (fields.file) req = req.attach('fichier', fields.file, 'attestation.json');
  return req;
}

describe('the signed credential of a certificate (Open Badges 3.0, HTTP, real database)', function () {
  this.timeout(60_000);
  let leader: { user: SessionUser; agent: Agent };
  let marie: SessionUser;
  let cert: { id: string; code: string };
  const publicUrl = () => testConfig().PUBLIC_URL;

  beforeEach(async () => {
    await clearDatabase();
    await getApp();
    leader = await aLeader();
    await updateOrganisation((await findOrCreateSite({ name: SITE })).id, ORGANISATION);
    marie = await aResident('marie.test', MARIE);
    await validatedModule(marie.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, marie.id, MODULE, new Date());
    cert = { id: certificate.id, code: certificate.code };
  });

  it('lets the resident download a credential whose Ed25519 signature an independent verifier accepts with the published key', async () => {
    const me = await loggedIn('marie.test');
    expect((await me.get('/mes-certificats').expect(200)).text).to.include(`/certificats/${cert.id}.json`);
    const res = await me.get(`/certificats/${cert.id}.json`).expect(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['content-disposition']).to.include(`attestation-${cert.code}.json`);
    const jws = jwsOf(res.text);

    const profile = (await newAgent().then((a) => a.get('/emetteur').expect(200))).body as Loose;
    expect(profile.id).to.equal(`${publicUrl()}/emetteur`);
    const method = profile.verificationMethod[0];
    expect(profile.assertionMethod).to.deep.equal([method.id]);
    expect(method.publicKeyJwk).to.have.keys('kty', 'crv', 'x');
    expect(method.publicKeyJwk.crv).to.equal('Ed25519');

    const header = b64json(jws.split('.')[0]!);
    expect(header).to.deep.include({ alg: 'EdDSA', typ: 'vc+jwt', kid: method.id });
    expect(independentlyVerified(jws, method.publicKeyJwk)).to.equal(true);
    expect(independentlyVerified(oneCharacterChanged(jws), method.publicKeyJwk)).to.equal(false);

    const vc = b64json(jws.split('.')[1]!);
    expect(vc.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(vc['@context'][0]).to.equal('https://www.w3.org/ns/credentials/v2');
    expect(vc.issuer.id).to.equal(`${publicUrl()}/emetteur`);
    expect(vc.validFrom).to.be.a('string');
    const achievement = vc.credentialSubject.achievement;
    expect(achievement.criteria.narrative).to.be.a('string').and.not.equal('');
    // Who assessed: the organisation the certificate kept at issue.
    expect(vc.credentialSubject.source).to.deep.include({ name: ORGANISATION.legalName, url: ORGANISATION.website });
    expect(achievement.alignment.length).to.be.greaterThan(0);
    expect(achievement.alignment[0].targetFramework).to.include('CRCN');
    // The holder: a salted hash of the name, never the name.
    const [identity] = vc.credentialSubject.identifier;
    expect(identity).to.deep.include({ type: 'IdentityObject', identityType: 'name', hashed: true });
    expect(identity.identityHash).to.equal(
      'sha256$' +
        createHash('sha256')
          .update(MARIE + identity.salt)
          .digest('hex'),
    );
    const decoded = JSON.stringify(vc);
    expect(decoded).to.not.include('Guérec').and.not.include('Marie');
    expect(vc.credentialStatus).to.deep.include({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: `${publicUrl()}/emetteur/statuts`,
    });
    // The same file at every download (deterministic signature).
    expect((await me.get(`/certificats/${cert.id}.json`).expect(200)).text).to.equal(res.text);
  });

  it('embeds in the PDF the very file of the download; the PDF still shows the site and the public address', async () => {
    const pdf = (await getBinary(leader.agent, `/certificats/${cert.id}.pdf`).expect(200)).body as Buffer;
    const json = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
    const attachments = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    await doc.destroy();
    const files = Object.values(attachments);
    expect(files.map((f) => f.filename)).to.deep.equal([`attestation-${cert.code}.json`]);
    expect(Buffer.from(files[0]!.content).toString('utf8')).to.equal(json);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    // The organisation, the legend and the public address, in the PDF that carries the credential.
    expect(text)
      .to.include(ORGANISATION.legalName)
      .and.include('Niveaux. Sans aide')
      .and.include(`${publicUrl()}/verifier/${cert.code}`);
    // The staff download of the credential is audited, like the PDF's.
    expect(await AuditEvent.countDocuments({ action: 'certificate.download', subject: `certificate:${cert.id}` })).to.equal(2);
  });

  it('says "valable" for the untouched credential, pasted or uploaded, and "modifiée" for one character changed', async () => {
    const json = (await (await loggedIn('marie.test')).get(`/certificats/${cert.id}.json`).expect(200)).text;
    const visitor = await newAgent();
    const pasted = await postCredential(visitor, { credential: json });
    expect(pasted.status).to.equal(200);
    expect(pasted.text).to.include('Valable').and.include('Découvrir');
    const uploaded = await postCredential(visitor, { file: Buffer.from(json) });
    expect(uploaded.status).to.equal(200);
    expect(uploaded.text).to.include('Valable');
    const bare = await postCredential(visitor, { credential: jwsOf(json) });
    expect(bare.text).to.include('Valable');

    const changed = json.replace(jwsOf(json), oneCharacterChanged(jwsOf(json)));
    const altered = await postCredential(visitor, { credential: changed });
    expect(altered.status).to.equal(200);
    expect(altered.text).to.include('Modifiée').and.not.include('Valable');
  });

  it('says "modifiée" for a credential signed by another key under our key id', async () => {
    const json = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    const [h, p] = jwsOf(json).split('.') as [string, string];
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = `${h}.${p}.${edSign(null, Buffer.from(`${h}.${p}`), privateKey).toString('base64url')}`;
    const res = await postCredential(await newAgent(), { credential: forged });
    expect(res.text).to.include('Modifiée');
  });

  it('flips the certificate’s bit in the signed status list at revocation; the check then says "annulée"', async () => {
    const json = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    const index = Number(b64json(jwsOf(json).split('.')[1]!).credentialStatus.statusListIndex);
    const jwk = ((await (await newAgent()).get('/emetteur')).body as Loose).verificationMethod[0].publicKeyJwk;
    const bitOf = async () => {
      const res = await (
        await newAgent()
      )
        .get('/emetteur/statuts')
        .buffer(true)
        .parse((r, cb) => {
          let s = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (s += c));
          r.on('end', () => cb(null, s));
        });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^application\/vc\+jwt/);
      const jws = res.body as string;
      expect(independentlyVerified(jws, jwk)).to.equal(true);
      const list = b64json(jws.split('.')[1]!);
      expect(list.type).to.include('BitstringStatusListCredential');
      const encoded = list.credentialSubject.encodedList as string;
      expect(encoded[0]).to.equal('u');
      const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
      expect(bits.length).to.equal(16 * 1024);
      return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
    };
    expect(await bitOf()).to.equal(false);
    await revokeCertificate(leader.user, cert.id, 'Erreur de saisie', new Date());
    expect(await bitOf()).to.equal(true);
    const res = await postCredential(await newAgent(), { credential: json });
    expect(res.text).to.include('Annulée').and.not.include('Valable');
  });

  it('gives a re-issued certificate its own place; the old one’s credential reads "annulée", the new one’s "valable", with the new name’s hash', async () => {
    const oldJson = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    await User.updateOne({ _id: marie.id }, { $set: { displayName: 'Marie-Hélène Le Guérec-Kerouas' } });
    const newId = await reissueCertificate(leader.user, cert.id, 'Nom corrigé', new Date());
    const [before, after] = await Promise.all([Certificate.findById(cert.id).lean(), Certificate.findById(newId).lean()]);
    expect(after!.statusIndex).to.be.a('number').and.not.equal(before!.statusIndex);
    const newJson = (await leader.agent.get(`/certificats/${newId}.json`).expect(200)).text;
    const identity = b64json(jwsOf(newJson).split('.')[1]!).credentialSubject.identifier[0];
    expect(identity.identityHash).to.equal(
      'sha256$' +
        createHash('sha256')
          .update('Marie-Hélène Le Guérec-Kerouas' + identity.salt)
          .digest('hex'),
    );
    const visitor = await newAgent();
    expect((await postCredential(visitor, { credential: oldJson })).text).to.include('Annulée');
    expect((await postCredential(visitor, { credential: newJson })).text).to.include('Valable');
  });

  it('says "expirée" once the end of validity has passed', async () => {
    await Certificate.updateOne({ _id: cert.id }, { $set: { validUntil: new Date('2020-01-01T00:00:00Z') } });
    const json = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    const res = await postCredential(await newAgent(), { credential: json });
    expect(res.text).to.include('Expirée');
  });

  it('refuses what is not a credential (422, the form again) and an empty form', async () => {
    const visitor = await newAgent();
    const junk = await postCredential(visitor, { credential: '{"bonjour": "madame"}' });
    expect(junk.status).to.equal(422);
    expect(junk.text).to.include('Illisible').and.include('name="credential"');
    expect((await postCredential(visitor, {})).status).to.equal(422);
    const binaryFile = await postCredential(visitor, { file: Buffer.from([0xff, 0xfe, 0x00, 0x41]) });
    expect(binaryFile.status).to.equal(422);
  });

  it('gives each certificate its own place and salt, and no credential at all once the holder was erased', async () => {
    const first = await Certificate.findById(cert.id).lean();
    const other = await aResident('karim.test', 'Karim Test');
    await validatedModule(other.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, other.id, MODULE, new Date());
    const second = await Certificate.findById(certificate.id).lean();
    expect(first!.statusIndex).to.be.a('number');
    expect(second!.statusIndex).to.be.a('number').and.not.equal(first!.statusIndex);
    expect(second!.credentialSalt).to.not.equal(first!.credentialSalt);

    await anonymiseCertificatesOfUser(marie.id, new Date());
    await leader.agent.get(`/certificats/${cert.id}.json`).expect(404);
    const pdf = (await getBinary(leader.agent, `/certificats/${cert.id}.pdf`).expect(200)).body as Buffer;
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
    expect(await doc.getAttachments()).to.equal(null);
    await doc.destroy();
  });

  it('counts checks of credentials with the checks of codes, per address (the same limit)', async () => {
    const visitor = await newAgent();
    for (let i = 0; i < 59; i++) await visitor.get('/verifier/KRN-2222-2222').expect(404);
    const token = await csrfFor(visitor, '/verifier');
    const last = await visitor.post('/verifier').field('_csrf', token).field('credential', 'bonjour');
    expect(last.status).to.equal(422);
    const refused = await visitor.post('/verifier').field('_csrf', token).field('credential', 'bonjour');
    expect(refused.status).to.equal(429);
    expect(refused.text).to.include('Trop de vérifications');
  });

  it('gives a certificate issued before credentials its place at its first download, once', async () => {
    await Certificate.updateOne({ _id: cert.id }, { $unset: { statusIndex: 1, credentialSalt: 1 } });
    const [a, b] = await Promise.all([
      leader.agent.get(`/certificats/${cert.id}.json`).expect(200),
      leader.agent.get(`/certificats/${cert.id}.json`).expect(200),
    ]);
    expect(a.text).to.equal(b.text);
    const stored = await Certificate.findById(cert.id).lean();
    expect(stored!.statusIndex).to.be.a('number');
  });
});
