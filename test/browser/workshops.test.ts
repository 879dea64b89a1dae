import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { catalogue, type Exercise } from '../../src/features/workshops/index.js';
import { EXERCISE_TYPES } from '../../src/features/workshops/content.schema.js';
import { axeViolations, startBrowser, stopBrowser } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';
import { getProgress } from '../../src/features/progress/index.js';

const firstOfType = (type: Exercise['type']) =>
  catalogue()
    .modules.flatMap((m) => m.exercises)
    .find((e) => e.type === type)!;

/** Focuses a control the way Tab would reach it, then acts with keys only. */
async function keyboardCheck(page: Page, selector: string) {
  await page.focus(selector);
  await page.keyboard.press('Space');
}

async function keyboardSelect(page: Page, selectId: string, value: string) {
  const index = await page.$eval(
    `#${selectId}`,
    (el, v) => [...(el as HTMLSelectElement).options].findIndex((o) => o.value === v),
    value,
  );
  await page.focus(`#${selectId}`);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  expect(await page.$eval(`#${selectId}`, (el) => (el as HTMLSelectElement).value)).to.equal(value);
}

/** Answers an exercise right with the keyboard only, on the page already open. */
async function answerWithKeyboard(page: Page, e: Exercise) {
  switch (e.type) {
    case 'choix-unique':
    case 'situation':
    case 'zone-image':
      return keyboardCheck(page, `input[name="answer"][value="${e.answer}"]`);
    case 'vrai-faux':
      return keyboardCheck(page, `input[name="answer"][value="${String(e.answer)}"]`);
    case 'choix-multiple':
      for (const id of e.answers) await keyboardCheck(page, `input[name="answer"][value="${id}"]`);
      return;
    case 'reponse-courte':
      await page.focus('#answer');
      return page.keyboard.type(e.answers[0]!);
    case 'remettre-en-ordre':
      for (const [i, item] of e.items.entries()) await keyboardSelect(page, `position-${i + 1}`, item.id);
      return;
    case 'associer':
      for (const pair of e.pairs) await keyboardSelect(page, `match-${pair.id}`, pair.id);
      return;
    case 'auto-evaluation':
      return keyboardCheck(page, 'input[name="answer"][value="seul"]');
  }
}

describe('browser: workshops with the keyboard (Chromium)', function () {
  this.timeout(120_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  let page: Page;
  let residentId: string;

  before(async () => {
    await clearDatabase();
    residentId = (await makeUser('marie.test', 'resident')).user.id;
    Object.assign(ctx, await startBrowser());
    page = await ctx.browser!.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${ctx.base}/connexion`);
    await page.fill('#username', 'marie.test');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${ctx.base}/`), page.press('#password', 'Enter')]);
  });

  after(async () => {
    await stopBrowser(ctx);
  });

  it('has no WCAG 2.1 A/AA violation on the catalogue and a lesson', async () => {
    await page.goto(`${ctx.base}/ateliers`);
    expect(await axeViolations(page), 'catalogue').to.deep.equal([]);
    const m = catalogue().modules[0]!;
    await page.goto(`${ctx.base}/ateliers/${m.id}`);
    expect(await axeViolations(page), 'module').to.deep.equal([]);
    await page.goto(`${ctx.base}/ateliers/${m.id}/lecons/${m.lessons[0]!.id}`);
    expect(await axeViolations(page), 'lesson').to.deep.equal([]);
  });

  for (const type of EXERCISE_TYPES) {
    it(`completes a “${type}” exercise with the keyboard alone, accessible before and after`, async () => {
      const e = firstOfType(type);
      await page.goto(`${ctx.base}/ateliers/${e.moduleId}/exercices/${e.id}`);
      expect(await axeViolations(page), 'exercise page').to.deep.equal([]);
      await answerWithKeyboard(page, e);
      await page.focus('form.exercise button[type="submit"]');
      // Saved, then the result at an address of its own.
      await Promise.all([page.waitForURL(/\/exercices\/[^/]+\/resultat\?/), page.keyboard.press('Enter')]);
      await page.waitForSelector('.feedback');
      const verdict = await page.textContent('.feedback');
      expect(verdict).to.match(type === 'auto-evaluation' ? /C’est noté/ : /Bonne réponse/);
      expect(await axeViolations(page), 'feedback page').to.deep.equal([]);
    });
  }

  it('answers, then Back shows the exercise (no resubmission), Forward and Reload the result, counted once', async () => {
    const e = firstOfType('vrai-faux');
    if (e.type !== 'vrai-faux') throw new Error('type');
    const url = `${ctx.base}/ateliers/${e.moduleId}/exercices/${e.id}`;
    const before = (await getProgress(residentId)).exercises[e.id]?.attempts ?? 0;
    await page.goto(url);
    await page.check(`input[name="answer"][value="${String(e.answer)}"]`);
    await Promise.all([page.waitForURL(`${url}/resultat?**`), page.click('form.exercise button[type="submit"]')]);
    const result = page.url();
    expect(await page.textContent('.feedback')).to.match(/Bonne réponse/);
    expect(await page.$('.next-hint'), 'no retry hint after a right answer').to.equal(null);
    await page.goBack();
    expect(page.url()).to.equal(url);
    expect(await page.$('form.exercise'), 'Back shows the exercise').to.not.equal(null);
    await page.goForward();
    expect(page.url()).to.equal(result);
    await page.reload();
    expect(await page.textContent('.feedback')).to.match(/Bonne réponse/);
    expect(await page.textContent('main')).to.not.include('déjà enregistrée');
    const progress = await getProgress(residentId);
    expect(progress.exercises[e.id]?.attempts, 'Back, Forward and Reload count nothing').to.equal(before + 1);
    // An empty answer: the form again (422), nothing counted.
    const other = catalogue()
      .modules.flatMap((m) => m.exercises)
      .filter((x) => x.type === 'choix-unique')[1]!;
    const otherUrl = `${ctx.base}/ateliers/${other.moduleId}/exercices/${other.id}`;
    await page.goto(otherUrl);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.$eval('form.exercise', (f) => (f as HTMLFormElement).submit()),
    ]);
    expect(response.status()).to.equal(422);
    await page.waitForSelector('#form-problems');
    expect(await page.textContent('#form-problems')).to.include('Vous n’avez pas encore répondu');
    expect((await getProgress(residentId)).exercises[other.id]).to.equal(undefined);
  });

  it('selects a zone by clicking on the picture too (small script)', async () => {
    const e = firstOfType('zone-image');
    if (e.type !== 'zone-image') throw new Error('type');
    await page.goto(`${ctx.base}/ateliers/${e.moduleId}/exercices/${e.id}`);
    await page.click(`rect[data-zone="${e.answer}"]`, { force: true });
    expect(await page.isChecked(`#zone-${e.answer}`)).to.equal(true);
  });
});
