import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Server } from 'node:http';
import { axeViolations, startBrowser, stopBrowser } from '../helpers/browser.js';
import { loggedIn, makeUser, PASSWORD } from '../helpers/http.js';
import { createResident, giveNotice } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

/** Presses Tab until the focused element matches, like a keyboard user would. */
async function tabTo(page: Page, test: (el: { id: string; name: string; value: string; text: string }) => boolean, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return { id: a?.id ?? '', name: a?.getAttribute('name') ?? '', value: a?.value ?? '', text: a?.textContent?.trim() ?? '' };
    });
    if (test(el)) return;
  }
  throw new Error('focus never reached the expected element');
}

async function noHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('browser: recording a home installation on a small screen (Chromium)', function () {
  this.timeout(90_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  let residentId = '';

  before(async () => {
    await clearDatabase();
    await makeUser('anim.a', 'leader', 'Site A (test)');
    const agent = await loggedIn('anim.a');
    residentId = await createResident(agent);
    await giveNotice(agent, residentId);
    Object.assign(ctx, await startBrowser());
  });

  after(async () => {
    await stopBrowser(ctx);
  });

  it('records a home installation with the keyboard alone, 360 px wide, with no WCAG 2.1 A/AA violation', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(`${ctx.base}/connexion?retour=/residents`);
    await page.fill('#username', 'anim.a');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${ctx.base}/residents`), page.keyboard.press('Enter')]);
    expect(await axeViolations(page), 'residents list').to.deep.equal([]);
    expect(await noHorizontalScroll(page), 'list fits 360 px').to.equal(true);

    // The list opens on the first letter that has someone (L); then to the record, with the keyboard.
    expect(await page.locator('.letters [aria-current="page"]').textContent()).to.equal('L');
    await tabTo(page, (el) => el.text.includes('Le Guérec'), 80);
    await Promise.all([page.waitForURL(`${ctx.base}/residents/${residentId}`), page.keyboard.press('Enter')]);
    expect(await axeViolations(page), 'record page').to.deep.equal([]);
    expect(await noHorizontalScroll(page), 'record fits 360 px').to.equal(true);

    await tabTo(page, (el) => el.text === 'Installation à domicile');
    await Promise.all([
      page.waitForURL(`${ctx.base}/residents/${residentId}/accompagnements/installation`),
      page.keyboard.press('Enter'),
    ]);
    expect(await axeViolations(page), 'installation form').to.deep.equal([]);
    expect(await noHorizontalScroll(page), 'form fits 360 px').to.equal(true);

    await tabTo(page, (el) => el.id === 'f-equipment');
    await page.keyboard.type('Box et imprimante');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Le Wi-Fi ne passe pas dans la chambre.');
    await page.keyboard.press('Tab'); // first radio of "Résultat": Réglé
    await page.keyboard.press('ArrowDown'); // "Suivi à faire"
    expect(await page.isChecked('input[name="solved"][value="non"]')).to.equal(true);
    await tabTo(page, (el) => el.id === 'f-durationMinutes');
    await page.keyboard.type('45');
    await tabTo(page, (el) => el.id === 'f-notes'); // the place is already "À domicile"
    await page.keyboard.type('Revenir avec un répéteur.');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(/\/residents\/[a-f0-9]{24}\?ok=entree#historique$/), page.keyboard.press('Enter')]);

    expect(await page.textContent('main'))
      .to.include('L’accompagnement est enregistré')
      .and.include('Le Wi-Fi ne passe pas dans la chambre.')
      .and.include('Suivi à faire');
    expect(await axeViolations(page), 'record after saving').to.deep.equal([]);

    expect(errors, 'no console error (CSP violations show here)').to.deep.equal([]);

    // A wrong field shows a clear message, keeps what was typed, and stays accessible.
    await page.goto(`${ctx.base}/residents/${residentId}/accompagnements/installation`);
    await page.fill('#f-date', '2999-01-01');
    await page.fill('#f-equipment', 'Box');
    await Promise.all([
      page.waitForURL(`${ctx.base}/residents/${residentId}/accompagnements/installation`, { waitUntil: 'load' }),
      page.click('main button[type="submit"]'),
    ]);
    expect(await page.textContent('[role="alert"]')).to.include('date dans le futur');
    expect(await page.inputValue('#f-equipment')).to.equal('Box');
    expect(await axeViolations(page), 'form with an error').to.deep.equal([]);
    // The only console line allowed now is the 422 status of the refused form.
    expect(errors.filter((e) => !e.includes('status of 422'))).to.deep.equal([]);
    await page.close();
  });

  it('has no WCAG 2.1 A/AA violation and no horizontal scroll on the other support-record pages', async () => {
    const agent = await loggedIn('anim.a');
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/seances')).text)![1]!;
    const created = await agent
      .post('/seances')
      .type('form')
      .send({ _csrf: token, moduleId: 'boite-mail', date: '2026-01-15', durationMinutes: '90', notes: '' });
    const sessionUrl = String(created.headers.location).replace(/\?.*$/, '');
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${ctx.base}/connexion`);
    await page.fill('#username', 'anim.a');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${ctx.base}/`), page.keyboard.press('Enter')]);
    const urls = [
      '/residents/nouveau',
      '/residents?filtre=suivi',
      '/residents?q=guerec',
      '/certificats',
      '/comptes',
      `/residents/${residentId}/modifier`,
      `/residents/${residentId}/export`,
      `/residents/${residentId}/effacer`,
      `/residents/${residentId}/accompagnements/ordinateur`,
      `/residents/${residentId}/accompagnements/conseil-juridique`,
      `/residents/${residentId}/accompagnements/aide`,
      `/residents/${residentId}/accompagnements/abonnement`,
      '/seances',
      sessionUrl,
      `${sessionUrl}/feuille`,
    ];
    for (const url of urls) {
      const res = await page.goto(`${ctx.base}${url}`);
      expect(res?.status(), url).to.equal(200);
      expect(await axeViolations(page), url).to.deep.equal([]);
      expect(await noHorizontalScroll(page), `${url} fits 360 px`).to.equal(true);
    }
    await page.close();
    await makeUser('coord.t', 'coordinator');
    const coord = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await coord.goto(`${ctx.base}/connexion`);
    await coord.fill('#username', 'coord.t');
    await coord.fill('#password', PASSWORD);
    await Promise.all([coord.waitForURL(`${ctx.base}/`), coord.keyboard.press('Enter')]);
    for (const url of ['/journal', '/espaces']) {
      await coord.goto(`${ctx.base}${url}`);
      expect(await axeViolations(coord), url).to.deep.equal([]);
      expect(await noHorizontalScroll(coord), `${url} fits 360 px`).to.equal(true);
    }
    await coord.close();
  });
});
