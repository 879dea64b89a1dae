/**
 * Issue 11, points 2, 3, 4 and 6 in real Chromium: feedback, learn-then-try path, one
 * word per thing, validation by module. JavaScript off (every page must work without
 * it), keyboard only, 360 px and desktop widths, axe-core with WCAG and best practices.
 */
import { expect } from 'chai';
import { frenchTypography } from '../../src/platform/typography.js';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordAttempt } from '../../src/features/progress/index.js';
import { catalogue, type Exercise } from '../../src/features/workshops/index.js';
import { axeViolations, startBrowser, stopBrowser, WCAG_TAGS } from '../helpers/browser.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

const SITE = 'Kérourien (parcours)';
const MODULE = 'decouvrir-ordinateur';
const ALL_TAGS = [...WCAG_TAGS, 'best-practice'];
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

const module = () => catalogue().moduleById.get(MODULE)!;

async function login(browser: Browser, username: string, viewport: { width: number; height: number }, base: string) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/connexion`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.press('#password', 'Enter')]);
  return { context, page };
}

/** Follows a link or presses a button reached by focus, with the Enter key. */
async function enter(page: Page, selector: string) {
  await page.focus(selector);
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.keyboard.press('Enter')]);
}

async function noHorizontalScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/**
 * axe needs a script: it runs in a second, JavaScript-on tab of the same session on the
 * same address, so the JavaScript-off tab stays as the reader has it.
 */
async function axeOf(context: BrowserContext, browser: Browser, url: string, viewport: { width: number; height: number }) {
  const cookies = await context.cookies();
  const other = await browser.newContext({ viewport });
  await other.addCookies(cookies);
  const page = await other.newPage();
  await page.goto(url);
  const violations = await axeViolations(page, ALL_TAGS);
  await other.close();
  return violations;
}

describe('browser: learn, then try; feedback; one word per thing; validation by module (Chromium, JavaScript off)', function () {
  this.timeout(180_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  let residentId = '';

  before(async () => {
    await clearDatabase();
    residentId = (await makeUser('marie.parcours', 'resident', SITE)).user.id;
    await makeUser('anim.parcours', 'leader', SITE);
    Object.assign(ctx, await startBrowser());
  });

  after(async () => {
    await stopBrowser(ctx);
  });

  for (const viewport of [PHONE, DESKTOP]) {
    it(`learns a lesson then tries its exercises, with the keyboard, ${viewport.width} px wide`, async () => {
      // A learner of their own for each width: a fresh start each time.
      await makeUser(`learner.${viewport.width}`, 'resident', SITE);
      const { context, page } = await login(ctx.browser!, `learner.${viewport.width}`, viewport, ctx.base!);
      const m = module();
      const [first, second] = m.lessons;
      const own = m.exercises.filter((e) => e.lesson === first!.id);

      // The module page shows the path: the first lesson, then its exercises.
      await page.goto(`${ctx.base}/ateliers/${m.id}`);
      expect(await page.textContent('#parcours')).to.equal('Le parcours');
      expect(await page.locator('.lesson-path > li').count()).to.equal(m.lessons.length);
      expect(await page.locator('.lesson-path > li').first().locator('.exercise-list li').count()).to.equal(own.length);
      // One word per thing: the menu says "attestations", the level "Sans aide".
      expect(await page.textContent('nav')).to.not.match(/certificat/i);
      expect(await page.textContent('body'))
        .to.include('Sans aide')
        .and.not.include('Seul');
      expect(await noHorizontalScroll(page), 'module page').to.equal(true);
      expect(await axeOf(context, ctx.browser!, page.url(), viewport), 'module page').to.deep.equal([]);

      await enter(page, 'a.button[href$="/lecons/' + first!.id + '"]');
      expect(await page.textContent('h1')).to.equal(first!.title);
      expect(await page.textContent('#essayez')).to.equal('Essayez maintenant');
      expect(await axeOf(context, ctx.browser!, page.url(), viewport), 'lesson page').to.deep.equal([]);

      // "Essayez maintenant" leads to the lesson's exercises, one after the other.
      await enter(page, '.try-now a.button');
      for (const [i, e] of own.entries()) {
        expect(page.url()).to.include(`/exercices/${e.id}`);
        expect(await page.locator('h1').count(), `${e.id}: one h1`).to.equal(1);
        expect(await axeOf(context, ctx.browser!, page.url(), viewport), `${e.id} exercise page`).to.deep.equal([]);
        await answerRight(page, e);
        await enter(page, 'form.exercise button[type="submit"]');
        await page.waitForSelector('.feedback');
        expect(await noHorizontalScroll(page), `${e.id} feedback`).to.equal(true);
        expect(await axeOf(context, ctx.browser!, page.url(), viewport), `${e.id} feedback`).to.deep.equal([]);
        if (i < own.length - 1) await enter(page, `.pager a.button[href$="/exercices/${own[i + 1]!.id}"]`);
      }
      // After the lesson's last exercise: back to the next lesson.
      expect(await page.textContent('.pager a.button:not(.button-secondary)')).to.include(
        frenchTypography(`Leçon suivante : ${second!.title}`),
      );
      await enter(page, '.pager a.button:not(.button-secondary)');
      expect(await page.textContent('h1')).to.equal(second!.title);
      await context.close();
    });
  }

  it('shows "Votre réponse" beside "La bonne réponse", marks only what matters, and no percentage (360 px)', async () => {
    const { context, page } = await login(ctx.browser!, 'marie.parcours', PHONE, ctx.base!);
    const e = catalogue()
      .modules.flatMap((x) => x.exercises)
      .find((x) => x.type === 'choix-multiple' && x.answers.length >= 2 && x.options.length - x.answers.length >= 2)!;
    if (e.type !== 'choix-multiple') throw new Error('type');
    const [wrongTicked, wrongLeft] = e.options.filter((o) => !e.answers.includes(o.id));
    await page.goto(`${ctx.base}/ateliers/${e.moduleId}/exercices/${e.id}`);
    // One right option and one wrong option ticked, with the keyboard.
    for (const id of [e.answers[0]!, wrongTicked!.id]) {
      await page.focus(`input[name="answer"][value="${id}"]`);
      await page.keyboard.press('Space');
    }
    await enter(page, 'form.exercise button[type="submit"]');
    const verdict = await page.textContent('.feedback .verdict');
    expect(verdict)
      .to.match(/Pas encore|Presque/)
      .and.not.match(/%/);
    const yours = await page.textContent('#votre-reponse + .answer-lines');
    const right = await page.textContent('#bonne-reponse + .answer-lines');
    expect(yours).to.include(wrongTicked!.text.text).and.include('à revoir');
    expect(right).to.include('vous ne l’avez pas cochée');
    expect(await page.textContent('main')).to.not.include(wrongLeft!.text.text);
    expect(await page.locator('.line-none .mark').count(), 'no mark on a right line').to.equal(0);
    expect(await axeOf(context, ctx.browser!, page.url(), PHONE), 'feedback').to.deep.equal([]);

    // True/false: the statement is recalled, with both answers.
    const tf = catalogue()
      .modules.flatMap((x) => x.exercises)
      .find((x) => x.type === 'vrai-faux')!;
    if (tf.type !== 'vrai-faux') throw new Error('type');
    await page.goto(`${ctx.base}/ateliers/${tf.moduleId}/exercices/${tf.id}`);
    await page.focus(`input[name="answer"][value="${String(!tf.answer)}"]`);
    await page.keyboard.press('Space');
    await enter(page, 'form.exercise button[type="submit"]');
    expect(await page.textContent('.statement-recall')).to.include(frenchTypography(tf.statement.text));
    expect(await page.textContent('#votre-reponse + .answer-lines')).to.include(tf.answer ? 'Faux' : 'Vrai');
    expect(await page.textContent('#bonne-reponse + .answer-lines')).to.include(tf.answer ? 'Vrai' : 'Faux');
    await context.close();
  });

  for (const viewport of [PHONE, DESKTOP]) {
    it(`lets a leader validate one module at a time, with the keyboard, ${viewport.width} px wide`, async () => {
      const m = module();
      const [low, other] = m.skills;
      const ex = m.exercises.find((e) => e.skill === low!.id && e.type !== 'auto-evaluation')!;
      await recordAttempt(
        residentId,
        {
          exerciseId: ex.id,
          skillId: low!.id,
          moduleId: m.id,
          submission: `low-${viewport.width}`,
          score: 0.2,
          correct: false,
          answer: {},
        },
        new Date(),
      );
      const { context, page } = await login(ctx.browser!, 'anim.parcours', viewport, ctx.base!);
      await page.goto(`${ctx.base}/validation/residents/${residentId}`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height, 'the overview is short').to.be.lessThan(viewport.width < 400 ? 4000 : 2500);
      expect(await noHorizontalScroll(page)).to.equal(true);
      expect(await axeOf(context, ctx.browser!, page.url(), viewport), 'overview').to.deep.equal([]);

      await enter(page, `.module-line-list a[href$="?module=${m.id}"]`);
      expect(page.url()).to.include(`?module=${m.id}`);
      expect(await page.locator('.skill-block').count()).to.equal(m.skills.length);
      expect(await page.textContent(`#competence-${low!.id}`)).to.include('20 %');
      expect(await noHorizontalScroll(page)).to.equal(true);
      expect(await axeOf(context, ctx.browser!, page.url(), viewport), 'module page').to.deep.equal([]);

      // A jump link to the skill, then its form, opened and sent with the keyboard.
      await page.focus(`.skill-jumps a[href="#competence-${low!.id}"]`);
      await page.keyboard.press('Enter');
      await page.focus(`#competence-${low!.id} details summary`);
      await page.keyboard.press('Enter');
      const warning = page.locator(`#v-${low!.id}-low`);
      expect(await warning.isVisible(), 'the low-score warning shows before saving').to.equal(true);
      expect(await warning.textContent()).to.include('moins de la moitié');
      await enter(page, `#competence-${low!.id} form[action$="/competences"] button[type="submit"]`);
      expect(page.url()).to.include(`competence=${low!.id}`);

      // The confirmation is next to the skill, and on screen.
      const done = page.locator(`#competence-${low!.id} .notice-ok`);
      expect(await done.textContent()).to.include('C’est enregistré');
      const box = (await done.boundingBox())!;
      expect(box.y, 'confirmation on screen').to.be.at.least(0);
      expect(box.y + box.height, 'confirmation on screen').to.be.at.most(viewport.height);
      expect(await page.locator(`#competence-${other!.id} .notice-ok`).count()).to.equal(0);
      expect(await page.textContent('.module-block .progress-line')).to.include(`1 compétence validée sur ${m.skills.length}`);
      expect(await axeOf(context, ctx.browser!, page.url().split('#')[0]!, viewport), 'after a save').to.deep.equal([]);
      await context.close();
    });
  }
});

async function answerRight(page: Page, e: Exercise) {
  const check = async (selector: string) => {
    await page.focus(selector);
    await page.keyboard.press('Space');
  };
  // A select with the arrow keys only.
  const choose = async (id: string, value: string) => {
    const index = await page.$eval(
      `#${id}`,
      (el, v) => [...(el as HTMLSelectElement).options].findIndex((o) => o.value === v),
      value,
    );
    await page.focus(`#${id}`);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  };
  switch (e.type) {
    case 'choix-unique':
    case 'situation':
    case 'zone-image':
      return check(`input[name="answer"][value="${e.answer}"]`);
    case 'vrai-faux':
      return check(`input[name="answer"][value="${String(e.answer)}"]`);
    case 'choix-multiple':
      for (const id of e.answers) await check(`input[name="answer"][value="${id}"]`);
      return;
    case 'reponse-courte':
      await page.focus('#answer');
      return page.keyboard.type(e.answers[0]!);
    case 'remettre-en-ordre':
      for (const [i, item] of e.items.entries()) await choose(`position-${i + 1}`, item.id);
      return;
    case 'associer':
      for (const pair of e.pairs) await choose(`match-${pair.id}`, pair.id);
      return;
    case 'auto-evaluation':
      return check('input[name="answer"][value="avec-aide"]');
  }
}
