import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Browser } from 'playwright-core';
import type { Server } from 'node:http';
import { ensureAccount } from '../../src/features/accounts/index.js';
import { issueCertificate } from '../../src/features/certificates/certificate-issue.service.js';
import { setValidation } from '../../src/features/progress/index.js';
import { findOrCreateSite } from '../../src/features/sites/index.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { axeViolations, startBrowser, stopBrowser } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

describe('browser: public verification of a certificate (Chromium)', function () {
  this.timeout(60_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  let code = '';
  let marieId = '';
  let certId = '';

  before(async () => {
    await clearDatabase();
    Object.assign(ctx, await startBrowser());
    const { user: leader } = await makeUser('anim.nav', 'leader', 'Kérourien (navigateur)');
    const site = await findOrCreateSite({ name: 'Kérourien (navigateur)' });
    const { user: marie } = await ensureAccount({
      username: 'marie.nav',
      password: PASSWORD,
      role: 'resident',
      displayName: 'Marie-Hélène Le Guérec',
      siteId: site.id,
    });
    const now = new Date();
    for (const s of catalogue().moduleById.get('decouvrir-ordinateur')!.skills) {
      await setValidation(
        marie.id,
        s.id,
        {
          by: new mongoose.Types.ObjectId(leader.id),
          byName: leader.displayName,
          date: now,
          method: 'atelier',
          level: 'seul',
          at: now,
        },
        now,
      );
    }
    const issued = (await issueCertificate(leader, marie.id, 'decouvrir-ordinateur', now)).certificate;
    code = issued.code;
    certId = issued.id;
    marieId = marie.id;
  });

  after(async () => {
    await stopBrowser(ctx);
  });

  it('checks a code typed with the keyboard, 360 px wide, with no WCAG 2.1 A/AA violation', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${ctx.base}/verifier`);
    expect(await page.getAttribute('html', 'lang')).to.equal('fr');
    expect(await axeViolations(page), 'form page').to.deep.equal([]);

    let focused = '';
    for (let i = 0; i < 15 && focused !== 'code'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).to.equal('code');
    // As read aloud over the phone: lower case, spaces.
    await page.keyboard.type(code.toLowerCase().replace(/-/g, ' '));
    await Promise.all([page.waitForURL(`${ctx.base}/verifier/**`), page.keyboard.press('Enter')]);
    expect(await page.textContent('main'))
      .to.include('Cette attestation est valable.')
      .and.include('Marie-Hélène L.')
      .and.include(code);
    expect(await page.textContent('main')).to.not.include('Guérec');
    expect(await axeViolations(page), 'result page').to.deep.equal([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow, 'no horizontal scroll at 360 px').to.equal(false);

    expect(errors, 'no console error (CSP violations show here)').to.deep.equal([]);

    // A wrong code answers 404 (Chromium logs that status itself): a plain message.
    await page.goto(`${ctx.base}/verifier/KRN-2222-2223`);
    expect(await page.textContent('main')).to.include('pas écrit correctement');
    expect(await axeViolations(page), 'wrong code page').to.deep.equal([]);
    await page.close();
  });

  it('lets the resident download her signed credentials (.json and .jwt); pasted with the keyboard they read "valable", changed "modifiée" (360 px, axe)', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${ctx.base}/connexion`);
    await page.fill('#username', 'marie.nav');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/connexion')), page.press('#password', 'Enter')]);
    await page.goto(`${ctx.base}/mes-certificats`);
    expect(await axeViolations(page), '/mes-certificats').to.deep.equal([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), 'no horizontal scroll').to.equal(
      false,
    );
    // The signed files are a secondary link, under a summary that says what they are for.
    await page.click('.signed-files summary');
    const downloaded = async (format: 'json' | 'jwt') => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`a[href="/certificats/${certId}.${format}"]`),
      ]);
      expect(download.suggestedFilename()).to.equal(`attestation-${code}.${format}`);
      return new Promise<string>((resolve, reject) => {
        void download.createReadStream().then((stream) => {
          let text = '';
          stream.setEncoding('utf8');
          stream.on('data', (c: string) => (text += c));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        }, reject);
      });
    };
    const json = await downloaded('json');
    const jwt = await downloaded('jwt');
    // One word added to the achievement's name.
    const doc = JSON.parse(json) as { credentialSubject: { achievement: { name: string } } };
    doc.credentialSubject.achievement.name += ' avancé';
    const changed = JSON.stringify(doc, null, 2);

    for (const [text, verdict] of [
      [json, 'Valable'],
      [jwt, 'Valable'],
      [changed, 'Modifiée'],
    ] as const) {
      await page.goto(`${ctx.base}/verifier`);
      if (verdict === 'Valable') expect(await axeViolations(page), 'form page').to.deep.equal([]);
      await page.focus('#credential');
      // Pasting is typing in one go: insertText, as a clipboard paste does.
      await page.keyboard.insertText(text);
      await page.focus('.credential-form button[type=submit]');
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/verifier')),
        page.keyboard.press('Enter'),
      ]);
      await page.waitForSelector('.verify-status');
      expect(await page.textContent('main')).to.include(verdict);
      expect(await axeViolations(page), `result ${verdict}`).to.deep.equal([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow, 'no horizontal scroll at 360 px').to.equal(false);
    }
    await page.close();
  });

  it('gives the leader accessible skills and certificate pages, 360 px wide, and validates with the keyboard', async () => {
    const page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${ctx.base}/connexion`);
    await page.fill('#username', 'anim.nav');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${ctx.base}/`), page.press('#password', 'Enter')]);
    for (const url of [
      '/validation',
      `/validation/residents/${marieId}`,
      `/validation/residents/${marieId}?module=naviguer-internet`,
      `/certificats/${certId}`,
      '/certificats',
    ]) {
      await page.goto(`${ctx.base}${url}`);
      expect(await axeViolations(page), url).to.deep.equal([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow, `no horizontal scroll on ${url}`).to.equal(false);
    }
    // Validate with the keyboard: open the form of a skill, choose, save.
    await page.goto(`${ctx.base}/validation/residents/${marieId}?module=naviguer-internet`);
    const summary = page.locator('#competence-nav-adresse-recherche details summary').first();
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.locator('#v-nav-adresse-recherche-method').selectOption('entretien');
    await Promise.all([
      page.waitForURL(/fait=valide/),
      page.locator('#competence-nav-adresse-recherche button[type=submit]').first().press('Enter'),
    ]);
    expect(await page.textContent('#competence-nav-adresse-recherche')).to.include('Entretien');
    await page.close();
  });
});
