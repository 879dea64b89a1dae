import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { Server } from 'node:http';
import { axeViolations, startBrowser, stopBrowser } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('browser: login and home page (Chromium)', function () {
  this.timeout(60_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};

  before(async () => {
    await clearDatabase();
    await makeUser('marie.test', 'resident');
    Object.assign(ctx, await startBrowser());
  });

  after(async () => {
    await stopBrowser(ctx);
  });

  it('logs in with the keyboard alone and shows an accessible home page', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${ctx.base}/connexion`);
    expect(await axeViolations(page), 'login page').to.deep.equal([]);

    // Keyboard only: tab to the username field, type, tab, type, press Enter.
    await page.keyboard.press('Tab'); // skip link
    let focused = '';
    for (let i = 0; i < 10 && focused !== 'username'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).to.equal('username');
    await page.keyboard.type('marie.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(`${ctx.base}/`), page.keyboard.press('Enter')]);

    expect(await page.textContent('h1')).to.include('Bienvenue');
    expect(await page.textContent('main')).to.include('Bonjour marie.test');
    expect(await page.getAttribute('html', 'lang')).to.equal('fr');
    expect(await axeViolations(page), 'home page').to.deep.equal([]);
    expect(errors, 'no console error (CSP violations show here)').to.deep.equal([]);
    await page.close();
  });
});
