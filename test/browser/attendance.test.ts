/**
 * A workshop session's attendance in real Chromium: the workshop's regulars listed with
 * their flat, the list filtered as you type without losing a tick, the counter live; a
 * search of the whole site (Enter) keeps the ticks; the saved attendance is what was ticked.
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { createResident } from '../../src/features/residents/resident.service.js';
import { createSession, getSessionAttendees, setAttendance } from '../../src/features/sessions/index.js';
import { findSessionUser } from '../../src/features/accounts/index.js';
import { dayInBrest } from '../../src/platform/day.js';
import { axeViolations, logInAs, startBrowser, stopBrowser } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { identityInput } from '../helpers/residents-fixtures.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';

const SITE = 'Kérourien (présences)';
const MODULE = 'decouvrir-ordinateur';

describe('browser: attendance of a workshop session, filtered as you type (Chromium)', function () {
  this.timeout(180_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  const ids: Record<string, string> = {};
  let session = '';
  let leaderId = '';

  before(async () => {
    await clearDatabase();
    await getApp();
    const { user } = await makeUser('anim.presences', 'leader', SITE);
    leaderId = user.id;
    const leader = (await findSessionUser(user.id))!;
    const people = [
      ['aminata', 'Aminata', 'Diallo', 'A', '10'],
      ['aminata2', 'Aminata', 'Diallo', 'B', '22'],
      ['karim', 'Karim', 'Benali', 'A', '11'],
      ['yvonne', 'Yvonne', 'Le Bihan', 'C', '31'],
      ['newcomer', 'Nadia', 'Haddad', 'C', '32'],
    ] as const;
    for (const [key, first, last, building, flat] of people) {
      const dwelling = { address: '1 rue de Kérourien', building, entrance: '1', flat, landlordRef: '' };
      ids[key] = await createResident(leader, { ...identityInput(first, last), dwelling });
    }
    const day = (n: number) => new Date(`${dayInBrest(new Date(Date.now() - n * 86_400_000))}T00:00:00Z`);
    const before = await createSession(leader, { moduleId: MODULE, date: day(7), durationMinutes: 90, notes: '' });
    await setAttendance(leader, before, [ids.aminata!, ids.aminata2!, ids.karim!, ids.yvonne!]);
    session = await createSession(leader, { moduleId: MODULE, date: day(0), durationMinutes: 90, notes: '' });
    Object.assign(ctx, await startBrowser());
  });

  after(() => stopBrowser(ctx));

  it('lists the regulars, filters as you type, keeps ticks, counts them live, and saves them', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 800 } });
    await logInAs(page, ctx.base!, 'anim.presences', PASSWORD);
    await page.goto(`${ctx.base}/seances/${session}`);
    const row = (id: string) => page.locator(`label.choice:has(input[value="${id}"])`);
    // The four regulars, the two Aminata Diallo told apart by their flat; not the newcomer.
    expect(await row(ids.aminata!).textContent()).to.include('Bât. A, appt 10');
    expect(await row(ids.aminata2!).textContent()).to.include('Bât. B, appt 22');
    expect(await row(ids.newcomer!).count()).to.equal(0);
    const counter = page.locator('[data-tick-count]');
    expect(await counter.textContent()).to.equal('Personne n’est coché.');

    await row(ids.karim!).locator('input').check();
    expect(await counter.textContent()).to.equal('1 personne cochée.');
    // Filter as you type: only the Aminata rows stay; Karim stays ticked, hidden.
    await page.fill('#q', 'amin');
    expect(await row(ids.karim!).isVisible()).to.equal(false);
    expect(await row(ids.aminata!).isVisible()).to.equal(true);
    expect(await row(ids.yvonne!).isVisible()).to.equal(false);
    await row(ids.aminata2!).locator('input').check();
    expect(await counter.textContent()).to.equal('2 personnes cochées.');
    await page.fill('#q', 'zzz');
    expect(await page.locator('[data-no-match]').isVisible()).to.equal(true);
    await page.fill('#q', '');
    expect(await row(ids.karim!).locator('input').isChecked()).to.equal(true);
    expect(await row(ids.yvonne!).isVisible()).to.equal(true);

    // Someone never seen at this workshop: Enter searches the whole site; the ticks stay.
    await page.fill('#q', 'haddad');
    await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
    expect(await row(ids.karim!).locator('input').isChecked()).to.equal(true);
    expect(await row(ids.aminata2!).locator('input').isChecked()).to.equal(true);
    await row(ids.newcomer!).locator('input').check();
    expect(await counter.textContent()).to.equal('3 personnes cochées.');
    expect(await axeViolations(page)).to.deep.equal([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(360);

    await Promise.all([page.waitForNavigation(), page.click('form[data-attendance] button[type="submit"]:not([name])')]);
    expect(page.url()).to.include('ok=presences');
    const leader = (await findSessionUser(leaderId))!;
    const { attendees } = await getSessionAttendees(leader, session);
    expect(attendees.map((a) => a.residentId).sort()).to.deep.equal([ids.aminata2!, ids.karim!, ids.newcomer!].sort());
    await page.close();
  });
});
