/**
 * What residents and leaders meet every day, in real Chromium at 360 px: a refused
 * form keeps what was typed and its summary takes the focus; the leader's home lists
 * the day's work and the menu shows five entries, the rest under "Plus"; a resident
 * switches to large print from the foot of any page. Every page is axe-clean.
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { dayInBrest } from '../../src/platform/day.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { axeViolations, logInAs, startBrowser, stopBrowser } from '../helpers/browser.js';
import { loggedIn, makeUser, PASSWORD, postForm } from '../helpers/http.js';
import { accountFromRecord, createResident, giveNotice } from '../helpers/residents-fixtures.js';
import { clearDatabase } from '../helpers/test-env.js';

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('browser: everyday pages on a phone (Chromium, 360 px)', function () {
  this.timeout(120_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  let residentUsername = '';
  let residentPassword = '';

  before(async () => {
    await clearDatabase();
    await makeUser('anim.jour', 'leader', 'Site du jour (test)');
    const leader = await loggedIn('anim.jour');
    const record = await createResident(leader, { firstName: 'Nolwenn', lastName: 'Quéré', flat: '41' });
    await giveNotice(leader, record);
    ({ username: residentUsername, password: residentPassword } = await accountFromRecord(leader, record));
    const created = await postForm(
      leader,
      '/seances',
      '/seances',
      { moduleId: 'decouvrir-ordinateur', date: dayInBrest(new Date()), durationMinutes: '90', notes: '' },
      303,
    );
    const session = /^\/seances\/([a-f0-9]{24})/.exec(String(created.headers.location))![1]!;
    await postForm(leader, `/seances/${session}`, `/seances/${session}/presences`, { present: [record] }, 303);
    Object.assign(ctx, await startBrowser());
  });

  after(() => stopBrowser(ctx));

  it('a leader sees the day’s work; five menu entries and the rest under “Plus”, all under “Menu” on a phone', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await logInAs(page, ctx.base!, 'anim.jour', PASSWORD);
    const module = catalogue().moduleById.get('decouvrir-ordinateur')!.title;
    expect(await page.textContent('main'))
      .to.include('Aujourd’hui')
      .and.include(module);
    expect(await page.textContent('main')).to.include('compétences à valider');
    const visible = await page.locator('.main-nav > ul > li:not(.more-menu) a').count();
    expect(visible).to.equal(5);
    // On a phone every entry is under "Menu", which opens with the keyboard.
    expect(await page.locator('.main-nav .nav-list').isVisible(), 'the desktop menu hidden on a phone').to.equal(false);
    await page.focus('.phone-menu summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('.phone-menu a[href="/statistiques"]').isVisible()).to.equal(true);
    expect(await axeViolations(page), 'leader home').to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
    // On a desktop, five in view and "Plus", which opens with the keyboard.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.focus('.more-menu summary');
    await page.keyboard.press('Enter');
    expect(await page.locator('.more-menu a[href="/statistiques"]').isVisible()).to.equal(true);
    await page.close();
  });

  it('a refused form comes back with what was typed, and its summary takes the focus', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await logInAs(page, ctx.base!, 'anim.jour', PASSWORD);
    await page.goto(`${ctx.base}/residents/nouveau`);
    await page.fill('#f-lastName', 'Kerbrat');
    await page.fill('#f-building', 'B');
    // No first name, no flat: refused.
    await Promise.all([page.waitForLoadState('load'), page.click('main button[type="submit"]')]);
    expect(await page.inputValue('#f-lastName')).to.equal('Kerbrat');
    expect(await page.inputValue('#f-building')).to.equal('B');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('form-problems');
    const summary = await page.textContent('#form-problems');
    expect(summary).to.include('Rien n’est enregistré').and.include('Prénom');
    // Each message links to its field, and the field says it is wrong.
    expect(await page.getAttribute('#f-firstName', 'aria-invalid')).to.equal('true');
    await page.click('#form-problems a[href="#f-firstName"]');
    expect(await axeViolations(page), 'refused form').to.deep.equal([]);
    await page.close();
  });

  it('a resident switches to large print from the top of a page, and back', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await logInAs(page, ctx.base!, residentUsername, residentPassword);
    await page.goto(`${ctx.base}/ateliers`);
    const normal = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    await Promise.all([page.waitForURL(`${ctx.base}/ateliers`), page.click('.display-size button')]);
    const large = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(large).to.be.greaterThan(normal * 1.2);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)
        .slice(0, 8),
    );
    expect(await fitsWidth(page), `large print still fits 360 px: ${wide.join(', ')}`).to.equal(true);
    expect(await axeViolations(page), 'large print').to.deep.equal([]);
    await Promise.all([page.waitForURL(`${ctx.base}/ateliers`), page.click('.display-size button')]);
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).to.equal(normal);
    await page.close();
  });
});
