import { expect } from 'chai';
import mongoose from 'mongoose';
import type { SessionUser } from '../../src/features/accounts/index.js';
import { Certificate } from '../../src/features/certificates/certificate.model.js';
import { listCertificatesForUser } from '../../src/features/certificates/index.js';
import { getProgress, recordAttempt } from '../../src/features/progress/index.js';
import { createAccountFromRecord, createResident } from '../../src/features/residents/resident.service.js';
import { createSession, setAttendance } from '../../src/features/sessions/index.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { getBinary, loggedIn, makeUser, postForm } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';
import { identityInput } from '../helpers/residents-fixtures.js';

const MODULE = 'decouvrir-ordinateur';
const SITE = 'Kérourien (séances)';
const dwelling = { address: '1 rue de Kérourien', building: 'A', entrance: '1', flat: '1', landlordRef: '' };

describe('validation from a workshop session grid (HTTP, real database)', function () {
  this.timeout(60_000);
  let leader: SessionUser;
  let people: { residentId: string; userId: string }[];
  let sessionId: string;

  beforeEach(async () => {
    await clearDatabase();
    await getApp();
    leader = (await makeUser('anim.seance', 'leader', SITE)).user;
    people = [];
    for (const [first, last] of [
      ['Marie-Hélène', 'Le Guérec'],
      ['Karim', 'Benali'],
    ] as const) {
      const residentId = await createResident(leader, { ...identityInput(first, last), dwelling: { ...dwelling, flat: last } });
      const { user } = await createAccountFromRecord(leader, residentId);
      people.push({ residentId, userId: user.id });
    }
    // A third attendee without an account: shown, but nothing to tick.
    const noAccount = await createResident(leader, { ...identityInput('Yvonne', 'Le Bihan'), dwelling });
    sessionId = await createSession(leader, {
      moduleId: MODULE,
      date: new Date(Date.now() - 86_400_000),
      durationMinutes: 90,
      notes: '',
    });
    await setAttendance(leader, sessionId, [...people.map((p) => p.residentId), noAccount]);
  });

  it('validates several attendees at once, then issues the certificates in bulk, linked to the session', async () => {
    const anim = await loggedIn('anim.seance');
    const page = `/validation/seances/${sessionId}`;
    const grid = await anim.get(page).expect(200);
    const skills = catalogue().moduleById.get(MODULE)!.skills;
    expect(grid.text)
      .to.include('Marie-Hélène Le Guérec')
      .and.include('Karim Benali')
      .and.include('Yvonne Le Bihan')
      .and.include('pas de compte');
    // "pas de compte" leads to the record, where the account is created.
    expect(grid.text).to.match(/<a href="\/residents\/[a-f0-9]{24}#s-account">pas de compte/);
    for (const s of skills) expect(grid.text).to.include(`${people[0]!.userId}:${s.id}`);

    const marie = people[0]!;
    const karim = people[1]!;
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const cells = [...skills.map((s) => `${marie.userId}:${s.id}`), `${karim.userId}:${skills[0]!.id}`];
    const res = await postForm(anim, page, page, { cells, method: 'atelier', level: 'avec-aide', day, comment: '' }, 303);
    expect(res.headers.location).to.equal(`${page}?fait=valide&n=${cells.length}`);
    const p = await getProgress(marie.userId);
    expect(String(p.skills[skills[0]!.id]?.validation?.session)).to.equal(sessionId);

    // A cell of someone who was not there, or a skill of another module: refused, nothing written.
    await makeUser('intrus.test', 'resident', SITE);
    const other = catalogue().moduleById.get('boite-mail')!.skills[0]!.id;
    await postForm(
      anim,
      page,
      page,
      { cells: `${karim.userId}:${other}`, method: 'atelier', level: 'seul', day, comment: '' },
      422,
    );
    await postForm(anim, page, page, { cells: [], method: 'atelier', level: 'seul', day, comment: '' }, 422);
    expect((await getProgress(karim.userId)).skills[other]).to.equal(undefined);

    const issued = await postForm(anim, page, `${page}/certificats`, {}, 303);
    const certs = await listCertificatesForUser(marie.userId);
    expect(certs).to.have.length(1);
    // Issuing ends on the list of the new certificates, with "Tout imprimer".
    expect(issued.headers.location).to.equal(`/certificats/impression?ids=${certs[0]!.id}&seance=${sessionId}`);
    const list = await anim.get(issued.headers.location!).expect(200);
    expect(list.text).to.include('1 nouvelle attestation').and.include('Marie-Hélène Le Guérec').and.include('Tout imprimer');
    const allUrl = /href="(\/certificats\/impression\.pdf\?ids=[^"]+)"/.exec(list.text)![1]!;
    const pdf = await getBinary(anim, allUrl).expect(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect(await pdfText(pdf.body as Buffer)).to.include('Marie-Hélène Le Guérec');
    expect(certs[0]!.sessionIds).to.deep.equal([sessionId]);
    expect(await Certificate.countDocuments({ user: new mongoose.Types.ObjectId(karim.userId) })).to.equal(0);
    // Twice: nothing more, back to the grid.
    const again = await postForm(anim, page, `${page}/certificats`, {}, 303);
    expect(again.headers.location).to.equal(`${page}?fait=delivre&n=0`);
    expect(await Certificate.countDocuments()).to.equal(1);

    // Another site's leader cannot open the grid.
    await makeUser('anim.autre', 'leader', 'Autre espace');
    const stranger = await loggedIn('anim.autre');
    await stranger.get(page).expect(403);
    await stranger.get(issued.headers.location!).expect(403);
    await getBinary(stranger, allUrl).expect(403);
  });

  it('takes a level per cell, shows each exercise score, and lets a cell override its row', async () => {
    const anim = await loggedIn('anim.seance');
    const page = `/validation/seances/${sessionId}`;
    const skills = catalogue().moduleById.get(MODULE)!.skills;
    const [marie, karim] = [people[0]!, people[1]!];
    // Marie answered an exercise of the first skill: 40 % (under half, flagged).
    const exercise = catalogue()
      .moduleById.get(MODULE)!
      .exercises.find((e) => e.skill === skills[0]!.id)!;
    await recordAttempt(
      marie.userId,
      {
        exerciseId: exercise.id,
        skillId: skills[0]!.id,
        moduleId: MODULE,
        submission: 'grille-1',
        score: 0.4,
        correct: false,
        answer: 'x',
      },
      new Date(),
    );
    const grid = (await anim.get(page).expect(200)).text;
    expect(grid).to.include('Exercices\u00a0: 40\u202f%').and.include('grid-score-low');
    expect(grid).to.include('Exercices\u00a0: pas encore');
    // One select per cell, with the project's levels.
    expect(grid).to.include(`<option value="${marie.userId}:${skills[0]!.id}:avec-aide"`);
    expect(grid).to.include(`<option value="${marie.userId}:${skills[0]!.id}:seul"`);
    // "pas de compte" leads to the record, where the account is created.
    expect(grid).to.include('Créez son compte sur sa fiche.');

    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const cells = ['', `${marie.userId}:${skills[0]!.id}:seul`, `${marie.userId}:${skills[1]!.id}:avec-aide`, ''];
    // Karim's whole row at the common level, but his first skill chosen "seul" in its cell.
    await postForm(
      anim,
      page,
      page,
      {
        cells: [...cells, `${karim.userId}:${skills[0]!.id}:seul`],
        rows: karim.userId,
        method: 'atelier',
        level: 'avec-aide',
        day,
        comment: '',
      },
      303,
    );
    const m = await getProgress(marie.userId);
    expect(m.skills[skills[0]!.id]?.validation?.level).to.equal('seul');
    expect(m.skills[skills[1]!.id]?.validation?.level).to.equal('avec-aide');
    expect(m.skills[skills[2]!.id]?.validation).to.equal(undefined);
    const k = await getProgress(karim.userId);
    expect(k.skills[skills[0]!.id]?.validation?.level).to.equal('seul');
    for (const s of skills.slice(1)) expect(k.skills[s.id]?.validation?.level).to.equal('avec-aide');
    // A level not in the list: refused.
    await postForm(
      anim,
      page,
      page,
      { cells: `${marie.userId}:${skills[2]!.id}:expert`, method: 'atelier', level: 'seul', day, comment: '' },
      422,
    );
    expect((await getProgress(marie.userId)).skills[skills[2]!.id]?.validation).to.equal(undefined);
  });

  it('prints every new certificate of a session in one PDF, one per page', async () => {
    const anim = await loggedIn('anim.seance');
    const page = `/validation/seances/${sessionId}`;
    const skills = catalogue().moduleById.get(MODULE)!.skills;
    const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const cells = people.flatMap((p) => skills.map((s) => `${p.userId}:${s.id}`));
    await postForm(anim, page, page, { cells, method: 'atelier', level: 'seul', day, comment: '' }, 303);
    const issued = await postForm(anim, page, `${page}/certificats`, {}, 303);
    const list = await anim.get(issued.headers.location!).expect(200);
    expect(list.text).to.include('2 nouvelles attestations');
    const allUrl = /href="(\/certificats\/impression\.pdf\?ids=[^"]+)"/.exec(list.text)![1]!.replace(/&amp;/g, '&');
    const pdf = await getBinary(anim, allUrl).expect(200);
    const text = await pdfText(pdf.body as Buffer);
    const pages = text.split('Attestation de compétences numériques').length - 1;
    expect(pages).to.equal(2);
    expect(text).to.include('Marie-Hélène Le Guérec').and.include('Karim Benali');
  });
});
