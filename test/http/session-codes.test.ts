/**
 * Workshops' short codes: from the session page a leader shows a code for one resident
 * present; typed at /code-atelier (linked from the login page) on another computer, it
 * opens that resident's session as on a shared computer, once; never outside the
 * session's time, never past its validity (run past a short configured one), never for
 * someone absent or for another site's leader; guesses are throttled like logins; each
 * code given, used or refused is in the audit trail with the computer's address.
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { AuditEvent } from '../../src/platform/audit.model.js';
import { addDays, dayInBrest, formatTime } from '../../src/platform/day.js';
import { csrfOf, loggedIn, newAgent, PASSWORD, postForm, type Agent } from '../helpers/http.js';
import { createResident, giveNotice, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase, configWith, logger } from '../helpers/test-env.js';

const CODE = /\b[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}\b/;
const MODULE = 'boite-mail';
type AnyAgent = Agent | ReturnType<typeof supertest.agent>;

async function residentWithAccount(leader: Agent, firstName: string, flat: string) {
  const id = await createResident(leader, { firstName, lastName: 'Atelier', flat });
  await giveNotice(leader, id);
  await postForm(leader, `/residents/${id}`, `/residents/${id}/compte`, {}, 303);
  return id;
}

/** A session of the leader's site on `day` (today by default, starting now), with these present. */
async function sessionWith(
  leader: AnyAgent,
  present: string[],
  day = dayInBrest(new Date()),
  startTime = formatTime(new Date(), 'fr'),
) {
  const created = await postForm(
    leader as Agent,
    '/seances',
    '/seances',
    { moduleId: MODULE, date: day, startTime, durationMinutes: '90', notes: '' },
    303,
  );
  const id = /^\/seances\/([a-f0-9]{24})/.exec(String(created.headers.location))![1]!;
  if (present.length) await postForm(leader as Agent, `/seances/${id}`, `/seances/${id}/presences`, { present }, 303);
  return id;
}

// The form's token from the list of sessions: another site's leader cannot open the session's page.
const issue = (leader: AnyAgent, session: string, resident: string, status: number) =>
  postForm(leader as Agent, '/seances', `/seances/${session}/code`, { resident }, status);

const typeCode = (agent: AnyAgent, code: string, status: number) =>
  postForm(agent as Agent, '/code-atelier', '/code-atelier', { code }, status);

describe('workshops’ short codes: a leader opens a resident’s session on a space computer (HTTP, real database)', function () {
  this.timeout(120_000);
  before(clearDatabase);

  let a: Agent;
  let b: Agent;
  let rose: string;
  let paul: string;
  before(async () => {
    ({ a, b } = await twoLeaders());
    rose = await residentWithAccount(a, 'Rose', '41');
    paul = await residentWithAccount(a, 'Paul', '42');
  });

  it('gives a code from the session page; typed once at /code-atelier it opens the resident’s shared-computer session', async () => {
    const session = await sessionWith(a, [rose]);
    const page = (await a.get(`/seances/${session}`).expect(200)).text;
    expect(page).to.include(`action="/seances/${session}/code"`).and.include(`value="${rose}"`);
    expect((await a.get(`/validation/seances/${session}`).expect(200)).text).to.include(`action="/seances/${session}/code"`);

    const shown = await issue(a, session, rose, 201);
    expect(shown.headers['cache-control']).to.include('no-store');
    expect(shown.text).to.include('Rose Atelier');
    const code = CODE.exec(shown.text)![0];

    // The space computer: from the login page, the code alone.
    const computer = await newAgent();
    expect((await computer.get('/connexion').expect(200)).text).to.include('href="/code-atelier"');
    const used = await typeCode(computer, code.toLowerCase().replace('-', ' '), 303);
    expect(used.headers.location).to.equal(`/ateliers/${MODULE}/avant-apres`);
    expect((await computer.get(`/ateliers/${MODULE}/avant-apres`).expect(200)).text).to.include('Ma boîte mail');
    // The shared computer's idle limit (5 minutes), not a resident's 20.
    const state = (await computer.get('/session/etat').expect(200)).body as { active: boolean; endsInMs: number };
    expect(state.active).to.equal(true);
    expect(state.endsInMs).to.be.at.most(5 * 60_000);
    expect((await computer.get('/mon-dossier').expect(200)).text).to.include('Rose');

    // Once only.
    const again = await typeCode(await newAgent(), code, 422);
    expect(again.text).to.include('Ce code ne marche pas.');

    const events = await AuditEvent.find({ subject: `session:${session}` })
      .sort({ at: 1 })
      .lean();
    const byAction = (action: string) => events.filter((e) => e.action === action);
    expect(byAction('session-code.issue')).to.have.length(1);
    expect(byAction('session-code.issue')[0]!.actorName).to.equal('anim.a');
    expect(byAction('session-code.issue')[0]!.details).to.include({ resident: rose });
    const use = byAction('session-code.use');
    expect(use).to.have.length(1);
    expect(use[0]!.details).to.include({ resident: rose }).and.to.have.property('address').that.is.a('string').and.not.equal('');
    expect(byAction('session-code.refused')).to.have.length(1);
  });

  it('gives no code for someone absent, outside the session’s time, or to another site’s leader', async () => {
    const session = await sessionWith(a, [rose]);
    expect((await issue(a, session, paul, 422)).text).to.include('n’est pas notée présente');
    await issue(b, session, rose, 403);
    // Yesterday's session is over.
    const yesterday = await sessionWith(a, [rose], addDays(dayInBrest(new Date()), -1), '10:00');
    expect((await issue(a, yesterday, rose, 422)).text).to.include('Ce n’est pas l’heure de la séance.');
    // Without a start time, the session's whole day.
    const allDay = await sessionWith(a, [paul], dayInBrest(new Date()), '');
    await issue(a, allDay, paul, 201);
    expect(await AuditEvent.countDocuments({ action: 'session-code.issue', subject: `session:${yesterday}` })).to.equal(0);
  });

  it('refuses a code past its validity (a short one configured)', async () => {
    const app = await createApp({ config: configWith({ SESSION_CODE_VALIDITY: '1s' }), logger });
    const leader = supertest.agent(app);
    const login = csrfOf((await leader.get('/connexion')).text);
    await leader.post('/connexion').type('form').send({ _csrf: login, username: 'anim.a', password: PASSWORD }).expect(303);
    const session = await sessionWith(leader, [paul]);
    const code = CODE.exec((await issue(leader, session, paul, 201)).text)![0];
    await new Promise((r) => setTimeout(r, 1300));
    const refused = await typeCode(await newAgent(), code, 422);
    expect(refused.text).to.include('Ce code ne marche pas.');
    const event = await AuditEvent.findOne({ action: 'session-code.refused', subject: `session:${session}` }).lean();
    expect(event!.details).to.include({ reason: 'expired', resident: paul });
  });

  it('throttles guesses as failed logins', async () => {
    const computer = await newAgent();
    const token = csrfOf((await computer.get('/code-atelier').expect(200)).text);
    const guess = (code: string) => computer.post('/code-atelier').type('form').send({ _csrf: token, code });
    // Two refusals above count too: blocked from the fifth failure on, at the latest.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess('AAA-AAA')).status);
    expect(statuses.slice(0, 3)).to.deep.equal([422, 422, 422]);
    expect(statuses.at(-1)).to.equal(429);
    const blocked = await guess('BBB-BBB').expect(429);
    expect(blocked.headers['retry-after']).to.match(/^\d+$/);
    expect(blocked.text).to.include('Trop d’essais');
    // The leader's own login is not blocked by it.
    await loggedIn('anim.a');
  });
});
