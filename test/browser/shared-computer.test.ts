/**
 * A shared computer forgets, in real Chromium on a 360 px phone, with the keyboard:
 * "Se déconnecter" in view in the header; the idle warning in the page that keeps what was
 * typed and keeps the session with one key; the page that leaves once the session is over;
 * and without JavaScript, the warning page and its one-click "Rester connecté".
 * Idle times are made seconds long by configuration.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Server } from 'node:http';
import { createApp } from '../../src/app.js';
import { axeViolations, logInAs, startBrowser, stopBrowser } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase, configWith, logger } from '../helpers/test-env.js';

const PHONE = { width: 360, height: 740 };

/** Presses Tab until the element matching `selector` has the focus (at most `max` times). */
async function tabTo(page: Page, selector: string, max = 15): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

describe('browser: a shared computer forgets (Chromium, 360 px, keyboard)', function () {
  this.timeout(120_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};

  before(async () => {
    await clearDatabase();
    await makeUser('marie.poste', 'resident');
    // The end 20 s after the last request, the warning 12 s before (time enough for axe on a busy machine).
    const app = await createApp({ config: configWith({ RESIDENT_IDLE_TIMEOUT: '20s', IDLE_WARNING_BEFORE: '12s' }), logger });
    Object.assign(ctx, await startBrowser(app));
  });

  after(async () => {
    await stopBrowser(ctx);
  });

  it('shows “Se déconnecter” in the header of a phone, reached and pressed with the keyboard', async () => {
    const context = await ctx.browser!.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await logInAs(page, ctx.base!, 'marie.poste', PASSWORD);
    const box = (await page.locator('#logout').boundingBox())!;
    expect(box.x + box.width, 'within the width').to.be.at.most(PHONE.width);
    expect(box.y, 'in the header, without opening a menu').to.be.below(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
    expect(await page.textContent('#session-end')).to.match(/Sans activité, déconnexion à \d\d:\d\d\./);
    expect(await axeViolations(page), 'home page at 360 px').to.deep.equal([]);
    // The warning page (what a browser without JavaScript opens), checked here where axe runs fast.
    await page.goto(`${ctx.base}/session?retour=%2F`);
    expect(await axeViolations(page), 'the warning page').to.deep.equal([]);
    await page.goto(`${ctx.base}/mon-compte`);
    expect(await axeViolations(page), 'my account').to.deep.equal([]);

    expect(await tabTo(page, '#logout', 6), 'a few Tabs from the top').to.equal(true);
    await Promise.all([page.waitForURL(`${ctx.base}/`), page.keyboard.press('Enter')]);
    expect(await page.locator('.who').count()).to.equal(0);
    expect((await context.cookies()).map((c) => c.name)).to.not.include('krn.sid');
    await context.close();
  });

  it('warns in the page before the end, keeps what was typed, keeps the session with one key, and leaves at the end', async () => {
    const context = await ctx.browser!.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await logInAs(page, ctx.base!, 'marie.poste', PASSWORD);
    await page.goto(`${ctx.base}/mot-de-passe`);
    await page.focus('#current');
    await page.keyboard.type('à moitié écrit');

    // The notice comes, the focus on its first button; nothing typed is lost.
    await page.locator('#session-notice').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).to.equal('Rester connecté');
    expect(await page.textContent('#session-notice')).to.include('Ce que vous avez écrit reste sur la page');
    expect(await axeViolations(page), 'the page with its notice').to.deep.equal([]);
    const kept = Date.now();
    await page.keyboard.press('Enter');
    await page.locator('#session-notice').waitFor({ state: 'hidden', timeout: 5000 });
    expect(page.url()).to.equal(`${ctx.base}/mot-de-passe`);
    expect(await page.inputValue('#current')).to.equal('à moitié écrit');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('current');

    // Past the end the page had before the click, the session is still there.
    await page.waitForTimeout(Math.max(0, kept + 13_000 - Date.now()));
    const status = await page.evaluate(() => fetch('/session/etat').then((r) => r.json() as Promise<{ active: boolean }>));
    expect(status.active).to.equal(true);

    // Left alone: the notice again, then the page leaves for the login page.
    await page.locator('#session-notice').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForURL(/\/connexion\?fin=1&retour=%2Fmot-de-passe$/, { timeout: 20_000 });
    expect(await page.textContent('main')).to.include('Votre session est terminée');
    expect(await page.locator('.who').count()).to.equal(0);
    expect(errors, 'no console error (CSP violations show here)').to.deep.equal([]);
    await context.close();
  });

  it('without JavaScript, opens the warning page, whose one button keeps the session', async () => {
    const context = await ctx.browser!.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await logInAs(page, ctx.base!, 'marie.poste', PASSWORD);
    await page.goto(`${ctx.base}/ma-progression`);
    expect(await page.textContent('#session-end')).to.match(/déconnexion à \d\d:\d\d/);
    await page.waitForURL(/\/session\?retour=%2Fma-progression$/, { timeout: 15_000 });
    expect(await page.textContent('h1')).to.equal('Êtes-vous toujours là\u202f?');
    expect(await tabTo(page, '#keep-session'), 'the button, with the keyboard').to.equal(true);
    await Promise.all([page.waitForURL(`${ctx.base}/ma-progression`), page.keyboard.press('Enter')]);
    expect(await page.textContent('.who')).to.include('marie.poste');
    await context.close();
  });
});
