import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { Server } from 'node:http';
import { axeViolations, startBrowser, stopBrowser } from '../helpers/browser.js';
import { loggedIn, makeUser, PASSWORD } from '../helpers/http.js';
import { createResident, giveNotice, postEntry } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

const SITE = 'Kérourien (test)';

describe('browser: a coordinator’s statistics in two clicks (Chromium)', function () {
  this.timeout(120_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};

  before(async () => {
    await clearDatabase();
    await makeUser('anim.k', 'leader', SITE);
    await makeUser('anim.o', 'leader', 'Autre espace (test)');
    await makeUser('coord', 'coordinator');
    const agent = await loggedIn('anim.k');
    for (let i = 0; i < 5; i++) {
      const id = await createResident(agent, { firstName: `P${i}`, lastName: `N${i}`, flat: String(i) });
      if (i < 2) {
        await giveNotice(agent, id);
        await postEntry(agent, id, 'abonnement', { date: '2026-01-12', status: 'actif' }, 303);
      }
    }
    Object.assign(ctx, await startBrowser());
  });

  after(async () => {
    await stopBrowser(ctx);
  });

  it('home → statistics → one site: households connected, certificates, the CSV; no WCAG 2.1 A/AA violation', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 1024, height: 800 } });
    await page.goto(`${ctx.base}/connexion`);
    await page.fill('#username', 'coord');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${ctx.base}/`), page.keyboard.press('Enter')]);
    expect(await axeViolations(page), 'home').to.deep.equal([]);
    // Click 1: the home page's link.
    await Promise.all([page.waitForURL(/\/statistiques$/), page.click('text=Voir toutes les statistiques')]);
    expect(await axeViolations(page), 'statistics, every site').to.deep.equal([]);
    // Click 2: the site's row (households, connected, rate, residents with a certificate).
    await Promise.all([page.waitForURL(/site=/), page.click(`a:has-text("${SITE}")`)]);
    expect(await axeViolations(page), 'statistics, one site').to.deep.equal([]);
    const rows = await page.locator('#foyers ~ * table tbody tr, section[aria-labelledby="foyers"] tbody tr').allTextContents();
    expect(rows.join(' ').replace(/\s+/g, ' ')).to.match(/C 5 2 40 %/);
    expect(await page.locator('.stats-key').textContent()).to.match(/0\s+résidents ont reçu une attestation/);
    const charts = await page.locator('svg.chart[role="img"]').count();
    expect(charts).to.equal(3);
    const href = await page.locator('a:has-text("Les accompagnements, une ligne chacun")').getAttribute('href');
    const csv = await page.request.get(`${ctx.base}${href}`);
    expect(csv.status()).to.equal(200);
    expect((await csv.text()).split('\r\n').filter(Boolean)).to.have.length(3);
    // On paper: one page.
    await page.emulateMedia({ media: 'print' });
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).to.have.length(1);
    // On a 360 px screen, without JavaScript problems or violations.
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await axeViolations(page), 'statistics at 360 px').to.deep.equal([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 360 px').to.equal(true);
  });
});
