import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import { createApp } from '../../src/app.js';
import { csrfOf, makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase, configWith, getApp, logger, testConfig } from '../helpers/test-env.js';

const MODULE = 'decouvrir-ordinateur';

describe('createApp is a factory (HTTP, real database)', function () {
  this.timeout(60_000);
  let otherContent: string;

  before(() => {
    // A second content folder where the first module has another title.
    otherContent = mkdtempSync(path.join(tmpdir(), 'kerourien-content-'));
    cpSync(testConfig().CONTENT_DIR, otherContent, { recursive: true });
    const file = path.join(otherContent, MODULE, 'module.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Premiers pas sur l\'ordinateur"'));
  });
  after(() => rmSync(otherContent, { recursive: true, force: true }));
  beforeEach(clearDatabase);

  it('builds two apps with two content folders in one process, each serving its own', async () => {
    const first = await getApp();
    const second = await createApp({ config: configWith({ CONTENT_DIR: otherContent }), logger });
    await makeUser('marie.test', 'resident');
    const signIn = async (app: typeof first) => {
      const agent = supertest.agent(app);
      const page = await agent.get('/connexion');
      await agent
        .post('/connexion')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username: 'marie.test', password: PASSWORD })
        .expect(303);
      return agent;
    };
    const [a, b] = await Promise.all([signIn(first), signIn(second)]);
    // Interleaved requests: each answer comes from its own app's catalogue.
    const pages = await Promise.all([a, b, a, b].map((agent) => agent.get(`/ateliers/${MODULE}`).expect(200)));
    for (const [i, page] of pages.entries()) {
      const [expected, other] =
        i % 2 === 0
          ? ['Découvrir l’ordinateur', 'Premiers pas sur l’ordinateur']
          : ['Premiers pas sur l’ordinateur', 'Découvrir l’ordinateur'];
      expect(page.text, `page ${i}`).to.include(expected).and.not.include(other);
    }
  });
});
