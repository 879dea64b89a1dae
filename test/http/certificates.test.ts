import { expect } from 'chai';
import mongoose from 'mongoose';
import { ensureAccount, type SessionUser } from '../../src/features/accounts/index.js';
import { User } from '../../src/features/accounts/user.model.js';
import { generateCode } from '../../src/features/certificates/certificate-code.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { rules } from '../../src/features/certificates/certificate-settings.js';
import { getProgress, setValidation } from '../../src/features/progress/index.js';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { csrfFor, getBinary, loggedIn, makeUser, newAgent, PASSWORD, postForm, type Agent } from '../helpers/http.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';
import { pdfText } from '../helpers/pdf.js';

const MODULE = 'decouvrir-ordinateur';
const SITE = 'Kérourien (test)';
const MARIE = 'Marie-Hélène Le Guérec';
const CODE = /KRN-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

const moduleSkills = () => catalogue().moduleById.get(MODULE)!.skills;
const today = () => new Date().toISOString().slice(0, 10);

async function resident(username: string, displayName: string, site = SITE) {
  const s = await findOrCreateSite({ name: site });
  const { user } = await ensureAccount({ username, password: PASSWORD, role: 'resident', displayName, siteId: s.id });
  return user;
}

async function validateAll(agent: Agent, userId: string) {
  const page = `/validation/residents/${userId}`;
  for (const s of moduleSkills()) {
    await postForm(
      agent,
      page,
      `${page}/competences`,
      { skill: s.id, method: 'atelier', level: 'seul', day: today(), comment: 'Vu en atelier' },
      303,
    );
  }
}

/** Directly in the progress document, as the service does: for the setup of bulk tests. */
async function validateDirect(userId: string, by: SessionUser) {
  const now = new Date();
  for (const s of moduleSkills()) {
    await setValidation(
      userId,
      s.id,
      { by: new mongoose.Types.ObjectId(by.id), byName: by.displayName, date: now, method: 'atelier', level: 'seul', at: now },
      now,
    );
  }
}

async function issueByHttp(agent: Agent, userId: string, ref = MODULE): Promise<string> {
  const res = await postForm(
    agent,
    `/validation/residents/${userId}`,
    `/validation/residents/${userId}/certificats`,
    { ref },
    303,
  );
  const m = /^\/certificats\/([a-f0-9]{24})\?fait=delivre$/.exec(res.headers.location as string);
  expect(m, res.headers.location as string).to.not.equal(null);
  return m![1]!;
}

describe('validation and certificates (HTTP, real database)', function () {
  this.timeout(60_000);
  let leader: SessionUser;
  let marie: SessionUser;

  beforeEach(async () => {
    await clearDatabase();
    await getApp();
    leader = (await makeUser('anim.test', 'leader', SITE)).user;
    marie = await resident('marie.test', MARIE);
  });

  it('validates every skill through the form, then issues the certificate (its pages: certificate-pages.test.ts)', async () => {
    const anim = await loggedIn('anim.test');
    const list = await anim.get('/validation').expect(200);
    expect(list.text).to.include(MARIE).and.include(`/validation/residents/${marie.id}`);

    // The page shows one module's skills at a time (?module=), with a link to each module.
    const overview = await anim.get(`/validation/residents/${marie.id}`).expect(200);
    expect(overview.text).to.include(`/validation/residents/${marie.id}?module=${MODULE}`);
    const before = await anim.get(`/validation/residents/${marie.id}?module=${MODULE}`).expect(200);
    expect(before.text).to.include(moduleSkills()[0]!.title.replace(/'/g, '&#39;'));
    await postForm(
      anim,
      `/validation/residents/${marie.id}`,
      `/validation/residents/${marie.id}/certificats`,
      { ref: MODULE },
      422,
    );

    await validateAll(anim, marie.id);
    const progress = await getProgress(marie.id);
    for (const s of moduleSkills())
      expect(progress.skills[s.id]?.validation).to.deep.include({ level: 'seul', method: 'atelier', byName: 'anim.test' });
    const ready = await anim.get(`/validation/residents/${marie.id}`).expect(200);
    expect(ready.text).to.include('Toutes les compétences sont validées');

    const certId = await issueByHttp(anim, marie.id);
    const detail = await anim.get(`/certificats/${certId}?fait=delivre`).expect(200);
    expect(detail.text).to.include('L’attestation est délivrée.').and.match(CODE);
    expect(await Certificate.countDocuments({ user: marie.id, ref: MODULE, status: 'valid' })).to.equal(1);
    expect(await AuditEvent.countDocuments({ action: 'certificate.issue', subject: `certificate:${certId}` })).to.equal(1);
  });

  it('issues the socle only for skills done alone and observed in practice; prints its rules version and validity', async () => {
    const socle = rules().find((r) => r.ref === 'socle')!;
    expect(socle).to.include({ minLevel: 'seul', version: 3, validityYears: 3 });
    // Rules 3 (CléA numérique and CRCN): folders, online forms, updates and a simple fix in; cookies out.
    const ids = socle.skills.map((s) => s.id);
    expect(ids).to.include.members(['doc-dossiers', 'dem-formulaire-suivi', 'arn-mises-a-jour', 'box-panne']);
    expect(ids).to.not.include('nav-cookies');
    const by = new mongoose.Types.ObjectId(leader.id);
    const now = new Date();
    const validate = (skillId: string, method: 'atelier' | 'mise-en-pratique' | 'entretien', level: 'seul' | 'avec-aide') =>
      setValidation(marie.id, skillId, { by, byName: leader.displayName, date: now, method, level, at: now }, now);
    const [first, ...rest] = socle.skills;
    for (const s of rest) await validate(s.id, 'mise-en-pratique', 'seul');
    const anim = await loggedIn('anim.test');
    const page = `/validation/residents/${marie.id}`;
    // A conversation alone, or "with help", does not make the socle.
    await validate(first!.id, 'entretien', 'seul');
    await postForm(anim, page, `${page}/certificats`, { ref: 'socle' }, 422);
    await validate(first!.id, 'atelier', 'avec-aide');
    await postForm(anim, page, `${page}/certificats`, { ref: 'socle' }, 422);
    await validate(first!.id, 'atelier', 'seul');
    const certId = await issueByHttp(anim, marie.id, 'socle');

    const stored = (await Certificate.findById(certId).lean())!;
    expect(stored.rulesVersion).to.equal(3);
    const years = stored.validUntil!.getUTCFullYear() - stored.issuedAt.getUTCFullYear();
    expect(years).to.equal(3);
    const pdf = await getBinary(anim, `/certificats/${certId}.pdf`).expect(200);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).to.include('Valable jusqu’au').and.include(String(stored.validUntil!.getUTCFullYear()));
    expect(text).to.include('Règles de l’attestation : version 3.');

    const visitor = await newAgent();
    const check = await visitor.get(`/verifier/${stored.code}`).expect(200);
    expect(check.text)
      .to.include('Cette attestation est valable.')
      .and.include('Valable jusqu’au')
      .and.include('Version des règles');
    // A certificate issued under rules 2 keeps them: a skill that rules 3 left out stays on it, and it stays valid.
    const older = await Certificate.create({
      ...stored,
      _id: new mongoose.Types.ObjectId(),
      code: generateCode((n) => new Uint8Array(n).fill(3)),
      activeKey: `rules-2:${stored._id}`,
      rulesVersion: 2,
      skills: [
        ...stored.skills,
        { skillId: 'nav-cookies', title: 'Accepter ou refuser les cookies', level: 'seul', method: 'atelier', date: now },
      ],
    });
    const olderCheck = await visitor.get(`/verifier/${older.code}`).expect(200);
    expect(olderCheck.text).to.include('Cette attestation est valable.').and.include('Accepter ou refuser les cookies');
    expect(olderCheck.text).to.match(/Version des règles[^<]*<\/dt>\s*<dd>2</);
    // Three years later, the public check says it has expired.
    await Certificate.updateOne({ _id: stored._id }, { $set: { validUntil: new Date('2020-01-31T12:00:00Z') } });
    const later = await visitor.get(`/verifier/${stored.code}`).expect(200);
    expect(later.text)
      .to.include('Cette attestation a expiré le 31 janvier 2020.')
      .and.not.include('Cette attestation est valable.');
  });

  it('withdraws a validation with a reason, keeps the history, and shows it to the resident', async () => {
    const anim = await loggedIn('anim.test');
    const skill = moduleSkills()[0]!;
    const page = `/validation/residents/${marie.id}`;
    await postForm(
      anim,
      page,
      `${page}/competences`,
      { skill: skill.id, method: 'entretien', level: 'avec-aide', day: today(), comment: '' },
      303,
    );
    await postForm(anim, page, `${page}/retrait`, { skill: skill.id, reason: 'Mauvaise personne cochée' }, 303);
    await postForm(anim, page, `${page}/retrait`, { skill: skill.id, reason: 'Double clic' }, 303);
    expect((await getProgress(marie.id)).skills[skill.id]?.validation).to.equal(undefined);
    const me = await loggedIn('marie.test');
    const history = await me.get('/mes-validations').expect(200);
    expect(history.text)
      .to.include('validation retirée par anim.test')
      .and.include('Mauvaise personne cochée')
      .and.include('Entretien');
    expect(history.text).to.not.include('Double clic');

    // Bad input: a clear 400, never a 500.
    await postForm(
      anim,
      page,
      `${page}/competences`,
      { skill: skill.id, method: 'atelier', level: 'seul', day: '2999-01-01', comment: '' },
      422,
    );
    await postForm(
      anim,
      page,
      `${page}/competences`,
      { skill: 'nexiste-pas', method: 'atelier', level: 'seul', day: today(), comment: '' },
      422,
    );
    await postForm(
      anim,
      page,
      `${page}/competences`,
      { skill: skill.id, method: 'telepathie', level: 'seul', day: today(), comment: '' },
      422,
    );
    await postForm(
      anim,
      page,
      `${page}/competences`,
      { skill: skill.id, method: 'atelier', level: 'seul', day: today(), comment: 'x'.repeat(501) },
      422,
    );
    await postForm(anim, page, `${page}/retrait`, { skill: skill.id, reason: '' }, 422);
  });

  it('refuses validation and issuing to a resident, and everything to a leader of another site', async () => {
    const anim = await loggedIn('anim.test');
    await validateAll(anim, marie.id);
    const certId = await issueByHttp(anim, marie.id);

    const me = await loggedIn('marie.test');
    await me.get('/validation').expect(403);
    await me.get(`/validation/residents/${marie.id}`).expect(403);
    const token = await csrfFor(me, '/mes-certificats');
    const skill = moduleSkills()[0]!.id;
    await me
      .post(`/validation/residents/${marie.id}/competences`)
      .type('form')
      .send({ _csrf: token, skill, method: 'atelier', level: 'seul', day: today() })
      .expect(403);
    await me.post(`/validation/residents/${marie.id}/certificats`).type('form').send({ _csrf: token, ref: MODULE }).expect(403);
    await me.post(`/certificats/${certId}/revocation`).type('form').send({ _csrf: token, reason: 'moi' }).expect(403);

    await makeUser('anim.ailleurs', 'leader', 'Autre site');
    const other = await loggedIn('anim.ailleurs');
    await other.get(`/validation/residents/${marie.id}`).expect(403);
    const list = await other.get('/validation').expect(200);
    expect(list.text).to.not.include(MARIE);
    const t2 = await csrfFor(other, '/validation');
    await other
      .post(`/validation/residents/${marie.id}/competences`)
      .type('form')
      .send({ _csrf: t2, skill, method: 'atelier', level: 'seul', day: today() })
      .expect(403);
    await other.post(`/validation/residents/${marie.id}/certificats`).type('form').send({ _csrf: t2, ref: MODULE }).expect(403);
    await other.get(`/certificats/${certId}`).expect(403);
    await other.get(`/certificats/${certId}.pdf`).expect(403);
    await other.post(`/certificats/${certId}/revocation`).type('form').send({ _csrf: t2, reason: 'non' }).expect(403);
    const code = (await Certificate.findById(certId).lean())!.code;
    await other.get(`/certificats?code=${code}`).expect(404);

    // A resident cannot download another resident's certificate, nor guess one.
    await resident('karim.test', 'Karim Benali');
    const karim = await loggedIn('karim.test');
    await karim.get(`/certificats/${certId}.pdf`).expect(404);
    await karim.get(`/certificats/${new mongoose.Types.ObjectId().toString()}.pdf`).expect(404);
    await karim.get('/certificats/not-an-id.pdf').expect(404);
    // Visitors go to the login page.
    const visitor = await newAgent();
    const res = await visitor.get(`/certificats/${certId}.pdf`).expect(303);
    expect(res.headers.location).to.match(/^\/connexion/);
  });

  it('lets only a coordinator or the issuing leader revoke; re-issues after a name correction, linking both', async () => {
    const anim = await loggedIn('anim.test');
    await validateAll(anim, marie.id);
    const certId = await issueByHttp(anim, marie.id);
    const oldCode = (await Certificate.findById(certId).lean())!.code;

    await makeUser('anim.collegue', 'leader', SITE);
    const colleague = await loggedIn('anim.collegue');
    await colleague.get(`/certificats/${certId}`).expect(200);
    const t = await csrfFor(colleague, `/certificats/${certId}`);
    await colleague.post(`/certificats/${certId}/revocation`).type('form').send({ _csrf: t, reason: 'non' }).expect(403);

    // Same name: nothing to re-issue.
    await postForm(anim, `/certificats/${certId}`, `/certificats/${certId}/reemission`, { reason: 'Nom corrigé' }, 422);
    await User.updateOne({ _id: marie.id }, { $set: { displayName: 'Marie-Hélène Le Guérec-Kerouas' } });
    const res = await postForm(
      anim,
      `/certificats/${certId}`,
      `/certificats/${certId}/reemission`,
      { reason: 'Nom corrigé' },
      303,
    );
    const newId = /\/certificats\/([a-f0-9]{24})/.exec(res.headers.location as string)![1]!;
    const [oldDoc, newDoc] = await Promise.all([Certificate.findById(certId).lean(), Certificate.findById(newId).lean()]);
    expect(oldDoc).to.deep.include({ status: 'revoked', revokeReason: 'Nom corrigé' });
    expect(String(oldDoc!.replacedBy)).to.equal(newId);
    expect(String(newDoc!.replaces)).to.equal(certId);
    expect(newDoc).to.deep.include({ status: 'valid', holderName: 'Marie-Hélène Le Guérec-Kerouas' });
    expect(newDoc!.code).to.not.equal(oldCode);
    const page = await anim.get(`/certificats/${newId}`).expect(200);
    expect(page.text).to.include(oldCode);

    await makeUser('coord.test', 'coordinator');
    const c = await loggedIn('coord.test');
    const found = await c.get(`/certificats?code=${newDoc!.code.toLowerCase()}`).expect(303);
    expect(found.headers.location).to.equal(`/certificats/${newId}`);
    await c.get(`/certificats/${newId}.pdf`).expect(403);
    await postForm(c, `/certificats/${newId}`, `/certificats/${newId}/revocation`, { reason: 'Demande de la personne' }, 303);
    expect((await Certificate.findById(newId).lean())!.status).to.equal('revoked');
    expect(await Certificate.countDocuments()).to.equal(2);
  });

  it('gives distinct codes under concurrent issuing, retries a taken code, and issues once per certificate', async () => {
    const people = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => resident(`res${i}.test`, `Résident ${i} Test`)));
    await Promise.all(people.map((p) => validateDirect(p.id, leader)));
    const now = new Date();
    const results = await Promise.all(people.map((p) => issueCertificate(leader, p.id, MODULE, now)));
    const codes = results.map((r) => r.certificate.code);
    expect(new Set(codes).size).to.equal(people.length);

    // Two issues drawing the same codes at the same time: the unique index decides, the loser draws again.
    const [a, b] = await Promise.all(people.slice(0, 2).map((p) => validateDirect(p.id, leader).then(() => p)));
    await Certificate.updateMany(
      { user: { $in: [a!.id, b!.id].map((id) => new mongoose.Types.ObjectId(id)) } },
      { $set: { status: 'revoked' } },
    );
    await Certificate.updateMany({ user: new mongoose.Types.ObjectId(a!.id) }, { $set: { activeKey: `revoked:a` } });
    await Certificate.updateMany({ user: new mongoose.Types.ObjectId(b!.id) }, { $set: { activeKey: `revoked:b` } });
    const taken = codes[5]!;
    const sequence = () => {
      const list = [taken, ...[7, 9, 11].map((b) => generateCode((n) => new Uint8Array(n).fill(b)))];
      let i = 0;
      return () => list[i++ % list.length]!;
    };
    const [ra, rb] = await Promise.all([
      issueCertificate(leader, a!.id, MODULE, now, { newCode: sequence() }),
      issueCertificate(leader, b!.id, MODULE, now, { newCode: sequence() }),
    ]);
    expect(ra.created && rb.created).to.equal(true);
    expect(ra.certificate.code).to.not.equal(taken);
    expect(rb.certificate.code).to.not.equal(taken);
    expect(ra.certificate.code).to.not.equal(rb.certificate.code);

    // Double click on "issue" for the same person: one certificate.
    const c = people[2]!;
    const twice = await Promise.all([issueCertificate(leader, c.id, MODULE, now), issueCertificate(leader, c.id, MODULE, now)]);
    expect(twice[0].certificate.id).to.equal(twice[1].certificate.id);
    expect(await Certificate.countDocuments({ user: new mongoose.Types.ObjectId(c.id) })).to.equal(1);
  });
  it('limits public checks per address, counted in the database', async () => {
    const visitor = await newAgent();
    for (let i = 0; i < 60; i++) await visitor.get('/verifier/KRN-2222-2222').expect(404);
    const refused = await visitor.get('/verifier/KRN-2222-2222').expect(429);
    expect(refused.headers['retry-after']).to.match(/^\d+$/);
    expect(await mongoose.connection.db!.collection('rate_limits').countDocuments({ key: /^verify:/ })).to.equal(1);
  });
});
