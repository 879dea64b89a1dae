/**
 * Issue 25, point 2, in real Chromium: "Écouter" (public/js/main.js, the browser's speech
 * synthesis) reads the question, the scene (the fake CAF e-mail) and the answers chosen,
 * never the lists of the drop-downs; where the browser has no French voice there is no
 * button, one line that says why. The page's speechSynthesis is stubbed before it loads:
 * what is tested is the text handed to speak().
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { catalogue } from '../../src/features/workshops/index.js';
import { frenchTypography } from '../../src/platform/typography.js';
import { axeViolations, logInAs, startBrowser, stopBrowser } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

const PHONE = { width: 360, height: 740 };

/**
 * The browser's voices as given, and every utterance kept in window.__spoken instead of
 * spoken. A string, not a function: the test's compiled functions carry helpers the page lacks.
 */
function stubSpeech(voices: { lang: string; name: string }[]): { content: string } {
  return {
    content: `(() => {
      window.__spoken = [];
      const list = ${JSON.stringify(voices)}.map((v) => ({ ...v, default: false, localService: true, voiceURI: v.name }));
      Object.defineProperty(speechSynthesis, 'getVoices', { value: () => list });
      Object.defineProperty(speechSynthesis, 'speak', { value: (u) => window.__spoken.push({ text: u.text, lang: u.lang }) });
      Object.defineProperty(speechSynthesis, 'cancel', { value: () => undefined });
    })();`,
  };
}

const spoken = (page: Page) =>
  page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);

async function listen(page: Page): Promise<string> {
  const before = (await spoken(page)).length;
  const button = page.locator('.listen-button').first();
  // A second press stops; the next one reads again.
  if ((await button.textContent())!.includes('Arrêter')) await button.click();
  await button.click();
  const all = await spoken(page);
  expect(all.length, 'one utterance per press').to.equal(before + 1);
  expect(all[all.length - 1]!.lang).to.equal('fr-FR');
  return all[all.length - 1]!.text;
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('browser: “Écouter” reads what matters, or says why it cannot (Chromium)', function () {
  this.timeout(120_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  let withVoice: BrowserContext;
  let page: Page;

  before(async () => {
    Object.assign(ctx, await startBrowser());
    await clearDatabase();
    await makeUser('ecoute.fr', 'resident', 'Kérourien (écoute)');
    withVoice = await ctx.browser!.newContext({ viewport: PHONE });
    await withVoice.addInitScript(stubSpeech([{ lang: 'fr-FR', name: 'Française (test)' }]));
    page = await withVoice.newPage();
    await logInAs(page, ctx.base!, 'ecoute.fr', PASSWORD);
  });

  after(async () => {
    await withVoice?.close();
    await stopBrowser(ctx);
  });

  it('reads the question and the fake CAF e-mail, then the answer chosen, never the other options', async () => {
    const e = catalogue().exerciseById.get('mail-faux-caf')!;
    if (e.type !== 'situation') throw new Error('a situation');
    await page.goto(`${ctx.base}/ateliers/${e.moduleId}/exercices/${e.id}`);
    const first = await listen(page);
    expect(first).to.include(frenchTypography(e.question.text));
    expect(first).to.include('Bonjour, La CAF vous doit 248,50 €. Pour recevoir').and.include('caf-paiement-securise.com');
    expect(first).to.include(e.scene.subject!.split(' ')[0]!);
    for (const o of e.options) expect(first, 'no option before one is chosen').to.not.include(o.text.text.slice(0, 30));

    const chosen = e.options.find((o) => o.id === 'signaler')!;
    await page.check(`input[name="answer"][value="${chosen.id}"]`);
    const second = await listen(page);
    expect(second).to.include('Votre réponse').and.include(frenchTypography(chosen.text.text));
    for (const o of e.options.filter((x) => x !== chosen)) expect(second).to.not.include(o.text.text.slice(0, 30));
    expect(await axeViolations(page), 'with its button').to.deep.equal([]);
  });

  it('reads an ordering exercise’s steps once, and the step chosen, never the drop-down lists', async () => {
    const e = catalogue()
      .modules.flatMap((m) => m.exercises)
      .find((x) => x.type === 'remettre-en-ordre' && x.items.length >= 4)!;
    if (e.type !== 'remettre-en-ordre') throw new Error('an ordering exercise');
    await page.goto(`${ctx.base}/ateliers/${e.moduleId}/exercices/${e.id}`);
    const before = await listen(page);
    expect(before).to.include(e.question.text.slice(0, 20)).and.not.include('Choisissez');
    const step = (i: number) => frenchTypography(e.items[i]!.text.text);
    for (const i of e.items.keys()) expect(occurrences(before, step(i)), step(i)).to.equal(1);

    await page.selectOption('#position-1', e.items[0]!.id);
    const after = await listen(page);
    expect(after).to.include(`Étape 1\u00a0: ${step(0)}`);
    expect(occurrences(after, step(0)), 'the chosen step: in the list, then as chosen').to.equal(2);
    for (const i of e.items.keys()) if (i > 0) expect(occurrences(after, step(i)), step(i)).to.equal(1);
    // A few words per step, not every option of every list (203 words on this page before).
    expect(after.split(/\s+/).length).to.be.below(20 + 20 * e.items.length);
  });

  it('reads a lesson as it is written', async () => {
    const m = catalogue().modules[0]!;
    await page.goto(`${ctx.base}/ateliers/${m.id}/lecons/${m.lessons[0]!.id}`);
    const text = await listen(page);
    const shown = (await page.textContent('article.lesson'))!.replace(/\s+/g, ' ').trim();
    // The same words, with a pause after each line (spaces and full stops aside).
    const squash = (t: string) => t.replace(/[\s.]+/g, '');
    expect(squash(text)).to.equal(squash(shown));
  });

  it('shows no button where the browser has no French voice, and one line that says why', async () => {
    const noFrench = await ctx.browser!.newContext({ viewport: PHONE });
    await noFrench.addInitScript(stubSpeech([{ lang: 'en-US', name: 'English (test)' }]));
    const other = await noFrench.newPage();
    await logInAs(other, ctx.base!, 'ecoute.fr', PASSWORD);
    const e = catalogue().exerciseById.get('mail-faux-caf')!;
    await other.goto(`${ctx.base}/ateliers/${e.moduleId}/exercices/${e.id}`);
    await other.waitForSelector('.listen-none');
    expect(await other.locator('.listen-button').count()).to.equal(0);
    expect(await other.locator('.listen-none').count(), 'one line on the page').to.equal(1);
    expect(await other.textContent('.listen-none')).to.equal('Votre navigateur n’a pas de voix française.');
    expect(await axeViolations(other), 'with the line').to.deep.equal([]);
    // A lesson has several blocks to read: still one line.
    const m = catalogue().modules[0]!;
    await other.goto(`${ctx.base}/ateliers/${m.id}/lecons/${m.lessons[0]!.id}`);
    await other.waitForSelector('.listen-none');
    expect(await other.locator('.listen-none').count()).to.equal(1);
    await noFrench.close();
  });
});
