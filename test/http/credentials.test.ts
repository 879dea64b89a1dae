/**
 * The signed credentials of a certificate (Open Badges 3.0), through the real app and
 * database: the `.jwt` (VC-JWT, RS256) and the `.json` (Data Integrity, eddsa-rdfc-2022).
 * Each is checked by a verifier that shares no code with the signer
 * (test/helpers/independent-verifier.ts: jose, @digitalbazaar/vc, keys fetched over HTTP).
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { CompactSign } from 'jose';
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
import { appFetch, bitOf, jwtHeader, verifyJson, verifyJwt, type Loose } from '../helpers/independent-verifier.js';
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

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Loose;

/** One character of the payload changed (in the middle: a base64url segment's last character may not count). */
function oneCharacterChanged(jws: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const at = Math.floor(p.length / 2);
  const swapped = p[at] === 'A' ? 'B' : 'A';
  return `${h}.${p.slice(0, at)}${swapped}${p.slice(at + 1)}.${s}`;
}

/** The `.json` with one word added to the achievement's name. */
function oneWordAdded(json: string): string {
  const doc = JSON.parse(json) as Loose;
  doc.credentialSubject.achievement.name += ' avancé';
  return JSON.stringify(doc, null, 2);
}

export async function postCredential(agent: Agent, fields: { credential?: string; file?: Buffer; filename?: string }) {
  const token = await csrfFor(agent, '/verifier');
  let req = agent.post('/verifier').field('_csrf', token);
  if (fields.credential !== undefined) req = req.field('credential', fields.credential);
  if (fields.file) req = req.attach('fichier', fields.file, fields.filename ?? 'attestation.json');
  return req;
}

const text = async (agent: Agent, url: string) => ((await getBinary(agent, url).expect(200)).body as Buffer).toString('utf8');

describe('the signed credentials of a certificate (Open Badges 3.0, HTTP, real database)', function () {
  this.timeout(60_000);
  let leader: { user: SessionUser; agent: Agent };
  let marie: SessionUser;
  let cert: { id: string; code: string };
  const publicUrl = () => testConfig().PUBLIC_URL;
  const issuerId = () => `${publicUrl()}/emetteur`;
  const fetchFromApp = async () => appFetch(await getApp(), publicUrl());

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

  it('gives the resident a .jwt that jose verifies with the JWK at its kid: RS256, the OB 3.0 claims equal to the credential, no key in the header', async () => {
    const me = await loggedIn('marie.test');
    const page = (await me.get('/mes-certificats').expect(200)).text;
    expect(page).to.include(`/certificats/${cert.id}.jwt`).and.include(`/certificats/${cert.id}.json`);
    const res = await getBinary(me, `/certificats/${cert.id}.jwt`).expect(200);
    expect(res.headers['content-type']).to.match(/^application\/vc\+jwt/);
    expect(res.headers['content-disposition']).to.include(`attestation-${cert.code}.jwt`);
    const jwt = (res.body as Buffer).toString('utf8');
    expect(jwt).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const header = jwtHeader(jwt);
    expect(header.alg).to.equal('RS256');
    expect(header).to.not.have.any.keys('jwk', 'x5c', 'jku');
    expect(header.kid)
      .to.be.a('string')
      .and.match(new RegExp(`^${publicUrl()}/`));
    const payload = (await verifyJwt(jwt, await fetchFromApp(), issuerId())) as Loose;

    // The credential itself at the top level, no `vc` wrapper, and the claims that repeat it.
    expect(payload).to.not.have.property('vc');
    expect(payload.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload.iss).to.equal(payload.issuer.id).and.equal(issuerId());
    expect(payload.jti).to.equal(payload.id).and.equal(`${publicUrl()}/verifier/${cert.code}`);
    expect(payload.nbf).to.equal(Date.parse(payload.validFrom) / 1000);
    const stored = (await Certificate.findById(cert.id).lean())!;
    expect(Date.parse(payload.validFrom)).to.equal(Math.floor(stored.issuedAt.getTime() / 1000) * 1000);
    if (payload.validUntil) expect(payload.exp).to.equal(Date.parse(payload.validUntil) / 1000);
    else expect(payload).to.not.have.property('exp');
    // The holder: a salted hash of the name, never the name.
    const [identity] = payload.credentialSubject.identifier;
    expect(identity).to.deep.include({ type: 'IdentityObject', identityType: 'name', hashed: true });
    expect(identity.identityHash).to.equal(
      'sha256$' +
        createHash('sha256')
          .update(MARIE + identity.salt)
          .digest('hex'),
    );
    expect(JSON.stringify(payload)).to.not.include('Guérec').and.not.include('Marie');
    expect(payload.credentialSubject.source).to.deep.include({ name: ORGANISATION.legalName, url: ORGANISATION.website });
    expect(payload.credentialSubject.achievement.alignment[0].targetFramework).to.include('CRCN');

    // The JWKS lists the same key; the same file at every download (RSA PKCS#1 v1.5 is deterministic).
    const jwks = (await (await newAgent()).get('/emetteur/cles').expect(200)).body as Loose;
    expect(jwks.keys.map((k: Loose) => k.kid)).to.include(header.kid);
    expect(((await getBinary(me, `/certificats/${cert.id}.jwt`).expect(200)).body as Buffer).toString('utf8')).to.equal(jwt);

    // An altered copy is refused.
    const altered = await verifyJwt(oneCharacterChanged(jwt), await fetchFromApp(), issuerId()).catch((e: unknown) => e);
    expect(altered).to.be.instanceOf(Error);
  });

  it('gives a .json that @digitalbazaar/vc verifies offline (eddsa-rdfc-2022, key from the issuer profile), refuses an altered copy, and fetches nothing else', async () => {
    const me = await loggedIn('marie.test');
    const res = await me.get(`/certificats/${cert.id}.json`).expect(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['content-disposition']).to.include(`attestation-${cert.code}.json`);
    const doc = JSON.parse(res.text) as Loose;
    expect(doc.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(doc.proof).to.deep.include({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
    });
    const profile = (await (await newAgent()).get('/emetteur').expect(200)).body as Loose;
    expect(profile.assertionMethod).to.include(doc.proof.verificationMethod);
    const method = profile.verificationMethod.find((m: Loose) => m.id === doc.proof.verificationMethod);
    expect(method).to.deep.include({ type: 'Multikey', controller: issuerId() });

    const asked: string[] = [];
    const result = await verifyJson(doc, await fetchFromApp(), { asked });
    expect(result.verified, String(result.error)).to.equal(true);
    expect(result.revoked).to.equal(false);
    // Contexts from the packages, the rest from the app: the verification method, the issuer, the status list.
    expect(asked.filter((u) => u.startsWith(publicUrl()))).to.include.members([
      doc.proof.verificationMethod,
      issuerId(),
      `${publicUrl()}/emetteur/statuts`,
    ]);
    expect(
      asked.every(
        (u) =>
          u.startsWith(publicUrl()) ||
          u.startsWith('https://www.w3.org/') ||
          u.startsWith('https://purl.imsglobal.org/') ||
          u.startsWith('https://w3id.org/'),
      ),
    ).to.equal(true);

    expect((await verifyJson(JSON.parse(oneWordAdded(res.text)), await fetchFromApp())).verified).to.equal(false);
    expect((await me.get(`/certificats/${cert.id}.json`).expect(200)).text).to.equal(res.text);
  });

  it('attaches both files to the PDF, the very bytes of the downloads; the PDF still shows the organisation and the public address', async () => {
    const pdf = (await getBinary(leader.agent, `/certificats/${cert.id}.pdf`).expect(200)).body as Buffer;
    const jwt = await text(leader.agent, `/certificats/${cert.id}.jwt`);
    const json = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false }).promise;
    const attachments = (await doc.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    await doc.destroy();
    const files = Object.fromEntries(
      Object.values(attachments).map((f) => [f.filename, Buffer.from(f.content).toString('utf8')]),
    );
    expect(Object.keys(files).sort()).to.deep.equal([`attestation-${cert.code}.json`, `attestation-${cert.code}.jwt`]);
    expect(files[`attestation-${cert.code}.jwt`]).to.equal(jwt);
    expect(files[`attestation-${cert.code}.json`]).to.equal(json);
    // The PDF is the file issued: its checksum was taken with the same attachments.
    const stored = (await Certificate.findById(cert.id).lean())!;
    expect(stored.pdfSha256).to.equal(createHash('sha256').update(pdf).digest('hex'));
    const pdfWords = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(pdfWords)
      .to.include(ORGANISATION.legalName)
      .and.include('Niveaux. Sans aide')
      .and.include(`${publicUrl()}/verifier/${cert.code}`);
    // The staff downloads are audited, like the PDF's.
    expect(await AuditEvent.countDocuments({ action: 'certificate.download', subject: `certificate:${cert.id}` })).to.equal(3);
  });

  it('says "valable" on /verifier for the .jwt and the .json, pasted or uploaded, and "modifiée" for altered copies', async () => {
    const me = await loggedIn('marie.test');
    const jwt = await text(me, `/certificats/${cert.id}.jwt`);
    const json = (await me.get(`/certificats/${cert.id}.json`).expect(200)).text;
    const visitor = await newAgent();
    for (const given of [
      { credential: jwt },
      { file: Buffer.from(jwt), filename: 'attestation.jwt' },
      { credential: json },
      { file: Buffer.from(json) },
    ]) {
      const res = await postCredential(visitor, given);
      expect(res.status).to.equal(200);
      expect(res.text).to.include('Valable').and.include('Découvrir');
    }
    for (const altered of [oneCharacterChanged(jwt), oneWordAdded(json)]) {
      const res = await postCredential(visitor, { credential: altered });
      expect(res.status).to.equal(200);
      expect(res.text).to.include('Modifiée').and.not.include('Valable');
    }
  });

  it('says "modifiée" for a credential signed by another key under our kid, "émetteur inconnu" for another issuer’s', async () => {
    const jwt = await text(leader.agent, `/certificats/${cert.id}.jwt`);
    const [h, p] = jwt.split('.') as [string, string];
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new CompactSign(Buffer.from(p, 'base64url')).setProtectedHeader(b64json(h)).sign(privateKey);
    expect((await postCredential(await newAgent(), { credential: forged })).text).to.include('Modifiée');

    const theirs = { ...b64json(p), issuer: { id: 'https://autre.example/emetteur', type: ['Profile'], name: 'Autre' } };
    theirs.iss = theirs.issuer.id;
    const other = await new CompactSign(Buffer.from(JSON.stringify(theirs)))
      .setProtectedHeader({ alg: 'RS256', kid: 'https://autre.example/emetteur/cles/1' })
      .sign(privateKey);
    const res = await postCredential(await newAgent(), { credential: other });
    expect(res.status).to.equal(200);
    expect(res.text).to.include('Émetteur inconnu').and.not.include('Valable');
  });

  it('sets the certificate’s bit in both signed status lists at revocation: both files then read revoked', async () => {
    const jwt = await text(leader.agent, `/certificats/${cert.id}.jwt`);
    const json = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    const index = Number(b64json(jwt.split('.')[1]!).credentialStatus.statusListIndex);
    const fetch = await fetchFromApp();
    const jwtListBit = async () => {
      const res = await fetch(`${publicUrl()}/emetteur/statuts`, 'application/vc+jwt');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^application\/vc\+jwt/);
      const list = (await verifyJwt(res.text, fetch, issuerId())) as Loose;
      expect(list.type).to.include('BitstringStatusListCredential');
      expect(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url').length).to.be.greaterThan(0);
      return bitOf(list.credentialSubject.encodedList, index);
    };
    expect(await jwtListBit()).to.equal(false);
    expect((await verifyJson(JSON.parse(json), fetch)).revoked).to.equal(false);

    await revokeCertificate(leader.user, cert.id, 'Erreur de saisie', new Date());
    expect(await jwtListBit()).to.equal(true);
    const after = await verifyJson(JSON.parse(json), fetch);
    expect(after.revoked).to.equal(true);
    expect(after.verified).to.equal(false);
    for (const credential of [jwt, json]) {
      const res = await postCredential(await newAgent(), { credential });
      expect(res.text).to.include('Annulée').and.not.include('Valable');
    }
  });

  it('gives a re-issued certificate its own place; the old one’s credential reads "révoquée", the new one’s "valable", with the new name’s hash', async () => {
    const oldJwt = await text(leader.agent, `/certificats/${cert.id}.jwt`);
    await User.updateOne({ _id: marie.id }, { $set: { displayName: 'Marie-Hélène Le Guérec-Kerouas' } });
    const newId = await reissueCertificate(leader.user, cert.id, 'Nom corrigé', new Date());
    const [before, after] = await Promise.all([Certificate.findById(cert.id).lean(), Certificate.findById(newId).lean()]);
    expect(after!.statusIndex).to.be.a('number').and.not.equal(before!.statusIndex);
    const newJson = (await leader.agent.get(`/certificats/${newId}.json`).expect(200)).text;
    const identity = (JSON.parse(newJson) as Loose).credentialSubject.identifier[0];
    expect(identity.identityHash).to.equal(
      'sha256$' +
        createHash('sha256')
          .update('Marie-Hélène Le Guérec-Kerouas' + identity.salt)
          .digest('hex'),
    );
    const visitor = await newAgent();
    expect((await postCredential(visitor, { credential: oldJwt })).text).to.include('Annulée');
    expect((await postCredential(visitor, { credential: newJson })).text).to.include('Valable');
  });

  it('says "expirée" for both forms once the instant of validUntil has passed', async () => {
    await Certificate.updateOne({ _id: cert.id }, { $set: { validUntil: new Date(Date.now() + 1500) } });
    const jwt = await text(leader.agent, `/certificats/${cert.id}.jwt`);
    const json = (await leader.agent.get(`/certificats/${cert.id}.json`).expect(200)).text;
    expect((await postCredential(await newAgent(), { credential: jwt })).text).to.include('Valable');
    // Past the instant (the same day in Brest): expired.
    await new Promise((r) => setTimeout(r, 2100));
    for (const credential of [jwt, json]) {
      const res = await postCredential(await newAgent(), { credential });
      // ("Valable jusqu’au" is the end date shown below the verdict.)
      expect(res.text).to.include('Expirée').and.not.include('Valable\u00a0:');
    }
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
    await leader.agent.get(`/certificats/${cert.id}.jwt`).expect(404);
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

  it('lets any site’s page read the issuer profile, the keys and the status list, and nothing else', async () => {
    const visitor = await newAgent();
    const kid = jwtHeader(await text(leader.agent, `/certificats/${cert.id}.jwt`)).kid!;
    for (const path of ['/emetteur', '/emetteur/cles', kid.slice(publicUrl().length), '/emetteur/statuts']) {
      const res = await visitor.get(path).set('Origin', 'https://portefeuille.example').expect(200);
      expect(res.headers['access-control-allow-origin'], path).to.equal('*');
      expect(res.headers['cross-origin-resource-policy'], path).to.equal('cross-origin');
    }
    await visitor.get('/emetteur/cles/pas-une-cle').expect(404);
    for (const path of ['/verifier', `/verifier/${cert.code}`, '/']) {
      const res = await visitor.get(path).set('Origin', 'https://portefeuille.example');
      expect(res.headers['access-control-allow-origin'], path).to.equal(undefined);
      expect(res.headers['cross-origin-resource-policy'], path).to.not.equal('cross-origin');
    }
  });

  it('shows "Ajouter à mon profil LinkedIn" on /mes-certificats, with the public check address, and nothing for a revoked certificate', async () => {
    const me = await loggedIn('marie.test');
    const page = (await me.get('/mes-certificats').expect(200)).text;
    const href = /href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    expect(href, 'the LinkedIn link').to.be.a('string');
    expect(page).to.include('Ajouter à mon profil LinkedIn');
    const url = new URL(href!);
    expect(url.searchParams.get('startTask')).to.equal('CERTIFICATION_NAME');
    expect(url.searchParams.get('certUrl')).to.equal(`${publicUrl()}/verifier/${cert.code}`);
    expect(url.searchParams.get('certId')).to.equal(cert.code);
    expect(url.searchParams.get('name')).to.include('Découvrir');
    expect(url.searchParams.get('organizationName')).to.be.a('string').and.not.equal('');
    expect(Number(url.searchParams.get('issueYear'))).to.equal(new Date().getFullYear());
    expect(Number(url.searchParams.get('issueMonth'))).to.be.within(1, 12);
    // The staff page of the certificate has it too.
    expect((await leader.agent.get(`/certificats/${cert.id}`).expect(200)).text).to.include('linkedin.com/profile/add');

    await revokeCertificate(leader.user, cert.id, 'Erreur de saisie', new Date());
    expect((await me.get('/mes-certificats').expect(200)).text).to.not.include('linkedin.com');
  });
});
