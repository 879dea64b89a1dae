/**
 * A leader's session of eight, from its creation to one printed PDF of all the
 * certificates, in real Chromium, counting every click (a select chosen counts as one;
 * typing does not): at most 30.
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { createAccountFromRecord, createResident } from '../../src/features/residents/resident.service.js';
import { dayInBrest } from '../../src/platform/day.js';
import { logInAs, startBrowser, stopBrowser } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { identityInput } from '../helpers/residents-fixtures.js';
import { pdfText } from '../helpers/pdf.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

const SITE = 'Kérourien (huit)';
const NAMES = [
  ['Aminata', 'Diallo'],
  ['Karim', 'Benali'],
  ['Yvonne', 'Le Bihan'],
  ['Josiane', 'Kerouedan'],
  ['Marc', 'Le Goff'],
  ['Fatou', 'Sow'],
  ['Éric', 'Morvan'],
  ['Nadia', 'Haddad'],
] as const;

describe('browser: a session of eight, from creation to one printed PDF, in at most 30 clicks (Chromium)', function () {
  this.timeout(240_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};

  before(async () => {
    await clearDatabase();
    await getApp();
    const { user: leader } = await makeUser('anim.huit', 'leader', SITE);
    for (const [i, [first, last]] of NAMES.entries()) {
      const dwelling = { address: '1 rue de Kérourien', building: 'A', entrance: '1', flat: String(10 + i), landlordRef: '' };
      const record = await createResident(leader, { ...identityInput(first, last), dwelling });
      await createAccountFromRecord(leader, record);
    }
    Object.assign(ctx, await startBrowser());
  });

  after(() => stopBrowser(ctx));

  it('creates the session, takes attendance, validates the eight, issues and prints all', async () => {
    const page: Page = await ctx.browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await logInAs(page, ctx.base!, 'anim.huit', PASSWORD);
    let clicks = 0;
    const click = async (selector: string) => {
      clicks++;
      await page.click(selector);
    };
    const clickAndLoad = async (selector: string) => {
      clicks++;
      await Promise.all([page.waitForNavigation(), page.click(selector)]);
    };

    // The visible link (the phone's closed menu holds one too, first in the page).
    await clickAndLoad('.main-nav .nav-list a[href="/seances"]');
    clicks++;
    await page.selectOption('#moduleId', 'decouvrir-ordinateur');
    await page.fill('#date', dayInBrest(new Date()));
    await page.fill('#durationMinutes', '90');
    await clickAndLoad('form[action="/seances"] button[type="submit"]');
    expect(page.url()).to.match(/\/seances\/[a-f0-9]{24}/);

    // A first session of this workshop: no regulars yet. Each name typed, Enter (a search of
    // the site that keeps the ticks, typing is no click), then ticked.
    for (const [first, last] of NAMES) {
      await page.fill('#q', last);
      await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
      await click(`label.choice:has-text("${first} ${last}") input`);
    }
    expect(await page.textContent('[data-tick-count]')).to.equal('8 personnes cochées.');
    await clickAndLoad('form[action$="/presences"] button[type="submit"]:not([name])');

    await clickAndLoad('a[href^="/validation/seances/"]');
    for (const [first, last] of NAMES) await click(`tr:has-text("${first} ${last}") input[name="rows"]`);
    await click('input[name="level"][value="seul"]');
    await clickAndLoad('form[action^="/validation/seances/"]:not([action$="/certificats"]) button[type="submit"]');
    await clickAndLoad('form[action$="/certificats"] button[type="submit"]');
    expect(await page.textContent('h1')).to.equal('8 nouvelles attestations');

    clicks++;
    const href = await page.getAttribute('#tout-imprimer', 'href');
    // Clicking the link opens the PDF; its bytes are read through the page's own session.
    const response = await page.request.get(ctx.base! + href!);
    expect(response.status()).to.equal(200);
    expect(response.headers()['content-type']).to.equal('application/pdf');
    const text = await pdfText(await response.body());
    for (const [first, last] of NAMES) expect(text).to.include(`${first} ${last}`);
    expect(text.split('Attestation de compétences numériques').length - 1, 'one page each').to.equal(8);

    expect(clicks, `clicks from creation to the printed PDF`).to.be.at.most(30);
    await page.close();
  });
});
