/**
 * Who read a record stays in the audit trail, once per reader and record per
 * AUDIT_VIEW_WINDOW on each instance (platform/audit-window.ts): the first view is
 * written before the page is sent, the views that follow within the window are not,
 * the first after it is; exports are written every time. Real app, real engine.
 */
import { expect } from 'chai';
import type { Express } from 'express';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { listAuditEvents } from '../../src/platform/audit.repository.js';
import { csrfOf, makeUser, PASSWORD, type Agent } from '../helpers/http.js';
import { createResident, SITE_A, twoLeaders } from '../helpers/residents-fixtures.js';
import { clearDatabase, configWith, getApp, logger } from '../helpers/test-env.js';

const WINDOW_MS = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loggedInOn(app: Express, username: string): Promise<Agent> {
  const agent = supertest.agent(app);
  const page = await agent.get('/connexion').expect(200);
  await agent
    .post('/connexion')
    .type('form')
    .send({ _csrf: csrfOf(page.text), username, password: PASSWORD })
    .expect(303);
  return agent;
}

const actionsOn = async (id: string, action: string) =>
  (await listAuditEvents({ subject: `resident:${id}` })).filter((e) => e.action === action);

describe('views of a record audited once per reader and window (AUDIT_VIEW_WINDOW, HTTP, real database)', () => {
  let short: Express;

  before(async () => {
    await getApp();
    short = await createApp({ config: configWith({ AUDIT_VIEW_WINDOW: `${WINDOW_MS}ms` }), logger });
  });

  beforeEach(async () => {
    await clearDatabase();
  });

  it('writes the first view at once, not the next ones of the same reader, each reader’s own; exports every time', async () => {
    const { a } = await twoLeaders();
    const id = await createResident(a);
    await a.get(`/residents/${id}`).expect(200);
    // Written before the page was sent: there as soon as the answer is.
    expect(await actionsOn(id, 'resident.view')).to.have.length(1);
    // Ten more views at once and one after: still the one event (the window is 60 s here).
    await Promise.all(Array.from({ length: 10 }, () => a.get(`/residents/${id}`).expect(200)));
    await a.get(`/residents/${id}`).expect(200);
    expect(await actionsOn(id, 'resident.view')).to.have.length(1);
    // Another leader of the site: their own first view is written.
    await makeUser('anim.a2', 'leader', SITE_A);
    const other = await loggedInOn(await getApp(), 'anim.a2');
    await other.get(`/residents/${id}`).expect(200);
    const views = await actionsOn(id, 'resident.view');
    expect(views.map((e) => e.actorName).sort()).to.deep.equal(['anim.a', 'anim.a2']);
    // Exports are not views: each one is written.
    await a.get(`/residents/${id}/export.json`).expect(200);
    await a.get(`/residents/${id}/export.json`).expect(200);
    expect(await actionsOn(id, 'resident.export')).to.have.length(2);
  });

  it('writes the view again once the window has passed', async function () {
    this.timeout(20_000);
    const { a } = await twoLeaders();
    const id = await createResident(a);
    const leader = await loggedInOn(short, 'anim.a');
    const viewed = Date.now();
    await leader.get(`/residents/${id}`).expect(200);
    expect(await actionsOn(id, 'resident.view')).to.have.length(1);
    // Past the window, counted from the first view's start.
    await sleep(Math.max(0, viewed + WINDOW_MS + 100 - Date.now()));
    await leader.get(`/residents/${id}`).expect(200);
    expect(await actionsOn(id, 'resident.view')).to.have.length(2);
  });

  it('writes every view with a window of 0', async () => {
    const none = await createApp({ config: configWith({ AUDIT_VIEW_WINDOW: '0ms' }), logger });
    const { a } = await twoLeaders();
    const id = await createResident(a);
    const leader = await loggedInOn(none, 'anim.a');
    for (let i = 0; i < 3; i++) await leader.get(`/residents/${id}`).expect(200);
    expect(await actionsOn(id, 'resident.view')).to.have.length(3);
  });
});
