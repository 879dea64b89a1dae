/**
 * What a reviewer finds after `npm run seed:demo`: marie.demo's certificate has both
 * signed files, which a verifier sharing no code with the app accepts (keys fetched from
 * the running app), /verifier says "Valable" for both, and /mes-certificats has the
 * LinkedIn link to the public check page.
 */
import path from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import { ROOT_DIR } from '../../src/config.js';
import { DEMO_PASSWORD, DEMO_SITE, seedDemoAccounts } from '../../src/features/accounts/accounts.demo.js';
import { seedDemoCertificates } from '../../src/features/certificates/certificates.demo.js';
import { seedDemoResidents } from '../../src/features/residents/residents.demo.js';
import { seedDemoSessions } from '../../src/features/sessions/sessions.demo.js';
import { seedDemoOrganisation } from '../../src/features/sites/sites.demo.js';
import { seedDemoValidations } from '../../src/features/validation/validation.demo.js';
import { initCatalogue } from '../../src/features/workshops/index.js';
import { seedDemoProgress } from '../../src/features/workshops/workshops.demo.js';
import { csrfOf } from '../helpers/http.js';
import { appFetch, jwtHeader, verifyJson, verifyJwt, type Loose } from '../helpers/independent-verifier.js';
import { clearDatabase, getApp, testConfig } from '../helpers/test-env.js';

describe('the demo: marie.demo’s signed credentials (npm run seed:demo, real engine)', function () {
  this.timeout(180_000);

  it('gives marie.demo a .jwt and a .json that an independent verifier accepts, "Valable" on /verifier, and the LinkedIn link', async () => {
    await clearDatabase();
    await initCatalogue(path.join(ROOT_DIR, 'content'));
    const app = await getApp();
    // The steps of scripts/seed-demo.ts that lead to the certificate, in its order.
    for (const step of [
      seedDemoAccounts,
      () => seedDemoOrganisation(DEMO_SITE),
      seedDemoResidents,
      seedDemoSessions,
      seedDemoProgress,
      seedDemoValidations,
      seedDemoCertificates,
    ])
      await step();

    const marie = supertest.agent(app);
    const token = csrfOf((await marie.get('/connexion')).text);
    await marie
      .post('/connexion')
      .type('form')
      .send({ _csrf: token, username: 'marie.demo', password: DEMO_PASSWORD })
      .expect(303);
    const page = (await marie.get('/mes-certificats').expect(200)).text;
    const id = /\/certificats\/([0-9a-f]{24})\.jwt/.exec(page)?.[1];
    expect(id, 'a .jwt link').to.be.a('string');
    expect(page).to.include(`/certificats/${id}.json`);
    const linkedIn = new URL(/href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&'));
    const publicUrl = testConfig().PUBLIC_URL;
    expect(linkedIn.searchParams.get('certUrl')).to.match(new RegExp(`^${publicUrl}/verifier/KRN-`));

    const jwt = (
      await marie
        .get(`/certificats/${id}.jwt`)
        .expect(200)
        .buffer(true)
        .parse((r, cb) => {
          let s = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (s += c));
          r.on('end', () => cb(null, s));
        })
    ).body as string;
    const json = (await marie.get(`/certificats/${id}.json`).expect(200)).text;
    const fetch = appFetch(app, publicUrl);
    const payload = (await verifyJwt(jwt, fetch, `${publicUrl}/emetteur`)) as Loose;
    expect(jwtHeader(jwt).alg).to.equal('RS256');
    expect(payload.iss).to.equal(payload.issuer.id);
    expect(payload.jti).to.equal(payload.id);
    expect(payload.nbf).to.equal(Date.parse(payload.validFrom) / 1000);
    expect(payload.jti).to.equal(linkedIn.searchParams.get('certUrl'));
    const checked = await verifyJson(JSON.parse(json), fetch);
    expect(checked.verified, String(checked.error)).to.equal(true);

    for (const credential of [jwt, json]) {
      const visitor = supertest.agent(app);
      const t = csrfOf((await visitor.get('/verifier')).text);
      const res = await visitor.post('/verifier').field('_csrf', t).field('credential', credential).expect(200);
      expect(res.text).to.include('Valable\u00a0:');
    }
  });
});
