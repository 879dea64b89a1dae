/**
 * What `npm run seed:demo` shows of workshops' short codes and of the self-assessment
 * beside validation: a session today where anim.demo shows a code for Marie that opens
 * her session, and Marie's before/after answers on her record and in her booklet.
 */
import { expect } from 'chai';
import { DEMO_PASSWORD, DEMO_SITE, seedDemoAccounts } from '../../src/features/accounts/accounts.demo.js';
import { Resident } from '../../src/features/residents/resident.model.js';
import { seedDemoResidents } from '../../src/features/residents/residents.demo.js';
import { seedDemoSelfAssessments } from '../../src/features/self-assessment/self-assessment.demo.js';
import { seedDemoSessionToday } from '../../src/features/session-codes/session-codes.demo.js';
import { seedDemoSessions } from '../../src/features/sessions/sessions.demo.js';
import { seedDemoOrganisation } from '../../src/features/sites/sites.demo.js';
import { getBinary, loggedIn, newAgent, postForm } from '../helpers/http.js';
import { pdfText } from '../helpers/pdf.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

describe('the demo: a workshop code today, Marie’s before and after (real database)', function () {
  this.timeout(300_000);

  before(async () => {
    await getApp();
    await clearDatabase();
    await seedDemoAccounts();
    await seedDemoOrganisation(DEMO_SITE);
    await seedDemoResidents();
    await seedDemoSessions();
    await seedDemoSessionToday();
    await seedDemoSelfAssessments();
    // Run again: nothing more.
    expect((await seedDemoSessionToday()).created).to.deep.equal([]);
    expect((await seedDemoSelfAssessments()).created).to.deep.equal([]);
  });

  it('opens Marie’s session with a code from today’s session, and shows her answers on her record and booklet', async () => {
    const anim = await loggedIn('anim.demo', DEMO_PASSWORD);
    const marie = (await Resident.findOne({ firstName: 'Marie-Hélène' }).lean())!;
    const list = (await anim.get('/seances').expect(200)).text;
    const today = /href="\/seances\/([a-f0-9]{24})"[^>]*>[^<]*Se protéger des arnaques/.exec(list)![1]!;
    const page = (await anim.get(`/seances/${today}`).expect(200)).text;
    expect(page).to.include(`value="${String(marie._id)}"`);
    const shown = await postForm(anim, `/seances/${today}`, `/seances/${today}/code`, { resident: String(marie._id) }, 201);
    const code = /\b[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}\b/.exec(shown.text)![0];
    const computer = await newAgent();
    await postForm(computer, '/code-atelier', '/code-atelier', { code }, 303);
    expect((await computer.get('/ateliers/arnaques/avant-apres').expect(200)).text).to.include('Je sais');

    const record = (await anim.get(`/residents/${String(marie._id)}`).expect(200)).text.replace(/[\u00a0\u202f]/g, ' ');
    expect(record).to.include('Avant : Pas encore. Après : Je sais.');
    const booklet = await getBinary(anim, `/residents/${String(marie._id)}/livret-competences.pdf`).expect(200);
    const text = (await pdfText(booklet.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).to.include('Marie-Hélène Le Guérec').and.include('Avant l’atelier : pas encore. Après : je sais.');
  });
});
