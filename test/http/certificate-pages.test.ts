/**
 * One certificate, from issue to revocation, one step per test: each starts from a
 * certificate issued through the service (small builders), then uses the pages.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { SessionUser } from '../../src/features/accounts/index.js';
import { generateCode } from '../../src/features/certificates/certificate-code.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { aLeader, aResident, MODULE, validatedModule } from '../helpers/certificate-builders.js';
import { getBinary, loggedIn, newAgent, postForm, type Agent } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

const MARIE = 'Marie-Hélène Le Guérec';
const skills = () => catalogue().moduleById.get(MODULE)!.skills;
const escaped = (s: string) => s.replace(/'/g, '&#39;');

describe('a certificate’s pages, step by step (HTTP, real database)', function () {
  this.timeout(60_000);
  let leader: { user: SessionUser; agent: Agent };
  let marie: SessionUser;
  let cert: { id: string; code: string };

  beforeEach(async () => {
    await clearDatabase();
    await getApp();
    leader = await aLeader();
    marie = await aResident('marie.test', MARIE);
    await validatedModule(marie.id, leader.user);
    const { certificate } = await issueCertificate(leader.user, marie.id, MODULE, new Date());
    cert = { id: certificate.id, code: certificate.code };
  });

  it('gives the leader the whole PDF, with the name, code, site, skills and level, its checksum kept; the download is audited', async () => {
    const pdf = await getBinary(leader.agent, `/certificats/${cert.id}.pdf`).expect(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect(pdf.headers['content-disposition']).to.include(`attestation-${cert.code}.pdf`);
    const body = pdf.body as Buffer;
    const text = await pdfText(body);
    expect(text).to.include(MARIE).and.include(cert.code).and.include('Kérourien (test)').and.include('anim.test');
    for (const s of skills()) expect(text.replace(/\s+/g, ' ')).to.include(s.title.replace(/[\u00A0\u202F]/g, ' '));
    expect(text).to.include('sans aide');
    const stored = await Certificate.findById(cert.id).lean();
    expect(stored!.pdfSha256).to.equal(createHash('sha256').update(body).digest('hex'));
    expect(await AuditEvent.countDocuments({ action: 'certificate.download', subject: `certificate:${cert.id}` })).to.equal(1);
  });

  it('shows the resident their certificate and lets them download it, without an audit event', async () => {
    const me = await loggedIn('marie.test');
    const mine = await me.get('/mes-certificats').expect(200);
    expect(mine.text).to.include(cert.code).and.include(`/certificats/${cert.id}.pdf`);
    await me.get(`/certificats/${cert.id}.pdf`).expect(200).expect('Content-Type', 'application/pdf');
    expect(await AuditEvent.countDocuments({ action: 'certificate.download' })).to.equal(0);
  });

  it('lets anyone check it by its code, typed loosely: first name and initial, skills, site, nothing more', async () => {
    const visitor = await newAgent();
    const typed = cert.code.toLowerCase().replace(/-/g, ' ');
    const redirect = await visitor.get(`/verifier?code=${encodeURIComponent(typed)}`).expect(303);
    const check = await visitor.get(redirect.headers.location as string).expect(200);
    expect(check.text)
      .to.include('Cette attestation est valable.')
      .and.include('Marie-Hélène L.')
      .and.include('Kérourien (test)');
    expect(check.text).to.not.include('Guérec').and.not.include('anim.test');
    for (const s of skills()) expect(check.text).to.include(escaped(s.title));
  });

  it('says when a code is unknown, and when it is mistyped', async () => {
    const visitor = await newAgent();
    const unknown = await visitor.get(`/verifier/${generateCode((n) => new Uint8Array(n).fill(3))}`).expect(404);
    expect(unknown.text).to.include('Aucune attestation n’a ce code.');
    const typo = `${cert.code.slice(0, -1)}${cert.code.endsWith('2') ? '3' : '2'}`;
    expect((await visitor.get(`/verifier/${typo}`).expect(404)).text).to.include('pas écrit correctement');
  });

  it('revoked by its leader: a status with a reason, shown as revoked everywhere, and the module can be issued again', async () => {
    const page = `/certificats/${cert.id}`;
    await postForm(leader.agent, page, `${page}/revocation`, { reason: 'Erreur de saisie' }, 303);
    const check = await (await newAgent()).get(`/verifier/${cert.code}`).expect(200);
    expect(check.text).to.include('annulée le').and.not.include('Erreur de saisie');
    expect(await Certificate.countDocuments({ _id: cert.id, status: 'revoked', revokeReason: 'Erreur de saisie' })).to.equal(1);
    expect(await AuditEvent.countDocuments({ action: 'certificate.revoke' })).to.equal(1);
    const mine = await (await loggedIn('marie.test')).get('/mes-certificats').expect(200);
    expect(mine.text).to.include('Annulée le');
    const again = await leader.agent.get(`/validation/residents/${marie.id}`).expect(200);
    expect(again.text).to.include('Délivrer l’attestation');
  });
});
