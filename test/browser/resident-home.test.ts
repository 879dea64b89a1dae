/**
 * Issue 25, point 3, in real Chromium: the resident's home has one big "Continuer" to the
 * next step (back to an exercise left unsolved, then on); a module ends on its summary
 * (what was learnt, in words; what to review; the next workshop); progress in words, never
 * a score beside a validation; on a phone (360 × 740) the header is at most 120 px high
 * with "Agrandir le texte" at the top, in large print too; the demo's resident whose record
 * asks for "gros caractères" has larger text from her first login. axe-clean throughout.
 */
import { expect } from 'chai';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/features/accounts/accounts.demo.js';
import { User } from '../../src/features/accounts/user.model.js';
import { rightAnswer, wrongAnswer } from '../../src/features/exercises/index.js';
import { recordAttempt, recordSelfAssessment } from '../../src/features/progress/index.js';
import { seedDemoResidents } from '../../src/features/residents/residents.demo.js';
import { catalogue, type Exercise } from '../../src/features/workshops/index.js';
import { exercisesInPathOrder } from '../../src/features/workshops/lesson-path.js';
import { frenchTypography } from '../../src/platform/typography.js';
import { axeViolations, logInAs, startBrowser, stopBrowser } from '../helpers/browser.js';
import { aLeader, validatedModule } from '../helpers/certificate-builders.js';
import { makeUser, PASSWORD } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

const SITE = 'Kérourien (accueil)';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const first = () => catalogue().modules[0]!;
const second = () => catalogue().modules[1]!;

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const headerHeight = (page: Page) => page.evaluate(() => document.querySelector('.site-header')!.getBoundingClientRect().height);

/** Fills an exercise's form with the given fields (as rightAnswer/wrongAnswer give them), then sends it. */
async function answer(page: Page, fields: Record<string, string | string[]>) {
  for (const [name, value] of Object.entries(fields)) {
    const field = page.locator(`form.exercise [name="${name}"]`).first();
    const tag = await field.evaluate((el) => `${el.tagName}:${(el as HTMLInputElement).type}`);
    for (const v of [value].flat()) {
      if (tag.startsWith('SELECT')) await field.selectOption(v);
      else if (tag.endsWith('radio') || tag.endsWith('checkbox'))
        await page.check(`form.exercise [name="${name}"][value="${v}"]`);
      else await field.fill(v);
    }
  }
  await Promise.all([page.waitForURL(/\/resultat/), page.click('form.exercise button[type="submit"]')]);
}

async function continueTo(page: Page, base: string): Promise<string> {
  await page.goto(`${base}/`);
  return (await page.getAttribute('#continuer', 'href'))!;
}

describe('browser: the resident’s home, “Continuer”, a module’s summary, the phone header (Chromium)', function () {
  this.timeout(240_000);
  const ctx: { browser?: Browser; server?: Server; base?: string } = {};
  let learnerId = '';

  before(async () => {
    // The app first: the demo's writes run in its scope.
    Object.assign(ctx, await startBrowser());
    await clearDatabase();
    await seedDemoAccounts();
    await seedDemoResidents();
    learnerId = (await makeUser('nolwenn.suite', 'resident', SITE)).user.id;
  });

  after(() => stopBrowser(ctx));

  it('“Continuer” leads to the first lesson, back to an exercise left unsolved, then to the next step', async () => {
    const page = await ctx.browser!.newPage({ viewport: PHONE });
    await logInAs(page, ctx.base!, 'nolwenn.suite', PASSWORD);
    const m = first();
    const [lesson] = m.lessons;
    const path = exercisesInPathOrder(m);
    const [e1, e2] = path as [Exercise, Exercise];
    expect(e1.lesson ?? lesson!.id, 'the first exercise follows the first lesson').to.equal(lesson!.id);

    // A new learner: the first lesson of the first workshop.
    expect(await page.textContent('.continue-card'))
      .to.include('Votre prochaine étape')
      .and.include(frenchTypography(`Un nouvel atelier : « ${m.title} »`));
    expect(await page.getAttribute('#continuer', 'href')).to.equal(`/ateliers/${m.id}/lecons/${lesson!.id}`);
    expect(await axeViolations(page), 'home').to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
    await Promise.all([page.waitForURL(/\/lecons\//), page.click('#continuer')]);
    expect(await page.textContent('h1')).to.equal(lesson!.title);

    // A wrong answer: "Continuer" comes back to that exercise and says why.
    await page.goto(`${ctx.base}/ateliers/${m.id}/exercices/${e1.id}`);
    await answer(page, wrongAnswer(e1));
    expect(await continueTo(page, ctx.base!)).to.equal(`/ateliers/${m.id}/exercices/${e1.id}`);
    expect(await page.textContent('.continue-card')).to.include('Vous n’avez pas encore trouvé la réponse');
    expect(await page.textContent('.where-you-stand'))
      .to.include(m.title)
      .and.include('à revoir');

    // Right this time: on to the next exercise.
    await page.goto(`${ctx.base}/ateliers/${m.id}/exercices/${e1.id}`);
    await answer(page, rightAnswer(e1));
    expect(await continueTo(page, ctx.base!)).to.equal(`/ateliers/${m.id}/exercices/${e2.id}`);
    expect(await page.textContent('.continue-card')).to.include(frenchTypography(`La suite de l’atelier « ${m.title} »`));
    // The workshops page and the progress page offer the same step.
    for (const where of ['/ateliers', '/ma-progression']) {
      await page.goto(ctx.base + where);
      expect(await page.getAttribute('#continuer', 'href'), where).to.equal(`/ateliers/${m.id}/exercices/${e2.id}`);
    }
    await page.close();
  });

  for (const viewport of [PHONE, DESKTOP]) {
    it(`ends a module on its summary: skills in words, what to review, the next workshop (${viewport.width} px)`, async () => {
      const m = first();
      const path = exercisesInPathOrder(m);
      const last = path[path.length - 1]!;
      const scored = path.filter((e) => e.type !== 'auto-evaluation');
      const missed = scored[1]!;
      // Everything done but one exercise answered wrong, straight into the progress.
      const now = new Date();
      for (const e of scored) {
        const right = e !== missed;
        await recordAttempt(
          learnerId,
          {
            exerciseId: e.id,
            skillId: e.skill,
            moduleId: m.id,
            submission: `fin-${viewport.width}-${e.id}`,
            score: right ? 1 : 0,
            correct: right,
            answer: {},
          },
          now,
        );
      }
      for (const s of m.skills) await recordSelfAssessment(learnerId, s.id, 'seul', now);

      const page = await ctx.browser!.newPage({ viewport });
      await logInAs(page, ctx.base!, 'nolwenn.suite', PASSWORD);
      // The result of the path's last step leads to the summary, not back to the module.
      const query = new URLSearchParams(rightAnswer(last) as Record<string, string>).toString();
      await page.goto(`${ctx.base}/ateliers/${m.id}/exercices/${last.id}/resultat?${query}`);
      const toSummary = page.locator(`.pager a[href="/ateliers/${m.id}/bilan"]`);
      expect(await toSummary.textContent()).to.include('Voir le bilan de l’atelier');
      await Promise.all([page.waitForURL(/\/bilan$/), toSummary.click()]);

      expect(await page.textContent('h1')).to.include(frenchTypography(`Bilan : ${m.title}`));
      const learnt = await page.textContent('.review-skills');
      for (const s of m.skills) expect(learnt).to.include(s.title);
      expect(learnt).to.include('à revoir').and.include('fait seul').and.not.match(/%/);
      expect(await page.textContent('#a-revoir + p + ul')).to.include(frenchTypography(missed.question.text));
      expect(await page.getAttribute('#a-revoir + p + ul a', 'href')).to.equal(`/ateliers/${m.id}/exercices/${missed.id}`);
      expect(await page.textContent('main')).to.include(frenchTypography(`L’atelier suivant : « ${second().title} »`));
      expect(await page.getAttribute('#continuer', 'href')).to.equal(
        `/ateliers/${second().id}/lecons/${second().lessons[0]!.id}`,
      );
      expect(await axeViolations(page), 'summary').to.deep.equal([]);
      expect(await fitsWidth(page), 'summary fits').to.equal(true);
      await page.close();
    });
  }

  it('says where a resident stands in words, and never a score beside a validation', async () => {
    const { user: leader } = await aLeader('anim.accueil', SITE);
    const marie = (await User.findOne({ username: 'marie.demo' }).lean())!;
    const m = first();
    const skill = m.skills[0]!;
    const exercise = m.exercises.find((e) => e.skill === skill.id && e.type !== 'auto-evaluation')!;
    await recordAttempt(
      String(marie._id),
      {
        exerciseId: exercise.id,
        skillId: skill.id,
        moduleId: m.id,
        submission: 'zero-marie',
        score: 0,
        correct: false,
        answer: {},
      },
      new Date(),
    );
    await validatedModule(String(marie._id), leader, m.id);

    const page = await ctx.browser!.newPage({ viewport: PHONE });
    await logInAs(page, ctx.base!, 'marie.demo', DEMO_PASSWORD);
    await page.goto(`${ctx.base}/ma-progression`);
    const progress = await page.textContent(`#m-${m.id} ~ table`);
    expect(progress)
      .to.include('fait seul')
      .and.include('validé par')
      .and.not.match(/%|score/i);
    await page.goto(`${ctx.base}/mon-dossier`);
    const skills = await page.textContent('#s-skills + *');
    expect(skills).to.include(skill.title).and.not.include('Meilleur score');
    await page.goto(`${ctx.base}/ateliers/${m.id}`);
    expect(await page.textContent(`#competence-${skill.id}`)).to.include('fait seul');
    expect(await axeViolations(page), 'module page').to.deep.equal([]);
    await page.close();
  });

  it('keeps the phone header at most 120 px, “Agrandir le texte” at the top, in large print too', async () => {
    const m = first();
    const pages = [
      '/',
      '/ateliers',
      `/ateliers/${m.id}`,
      `/ateliers/${m.id}/lecons/${m.lessons[0]!.id}`,
      `/ateliers/${m.id}/exercices/${m.exercises[0]!.id}`,
      `/ateliers/${m.id}/bilan`,
      '/ma-progression',
      '/mes-certificats',
      '/mon-dossier',
    ];
    const context = await ctx.browser!.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await logInAs(page, ctx.base!, 'nolwenn.suite', PASSWORD);
    const problems: string[] = [];
    for (const large of [false, true]) {
      for (const p of pages) {
        await page.goto(ctx.base + p);
        const height = await headerHeight(page);
        const button = (await page.locator('.site-header .display-size button').boundingBox())!;
        if (height > 120) problems.push(`${p}${large ? ' (large)' : ''}: header ${height} px`);
        if (button.y + button.height > 120) problems.push(`${p}: “Agrandir le texte” at ${button.y} px`);
        if (!(await fitsWidth(page))) problems.push(`${p}${large ? ' (large)' : ''}: scrolls sideways`);
      }
      if (!large) {
        expect(await page.textContent('.site-header .display-size button')).to.include('Agrandir le texte');
        const normal = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
        await Promise.all([page.waitForURL(`${ctx.base}/mon-dossier`), page.click('.site-header .display-size button')]);
        const bigger = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
        expect(bigger).to.be.greaterThan(normal * 1.2);
      }
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
    // Every menu entry under "Menu", opened with the keyboard; the header then grows, the page does not scroll sideways.
    await page.focus('.phone-menu summary');
    await page.keyboard.press('Enter');
    for (const href of ['/', '/ateliers', '/ma-progression', '/mon-dossier', '/mes-certificats', '/mon-compte'])
      expect(await page.locator(`.phone-menu a[href="${href}"]`).isVisible(), href).to.equal(true);
    expect(await axeViolations(page), 'large print, menu open').to.deep.equal([]);
    expect(await fitsWidth(page)).to.equal(true);
    await Promise.all([page.waitForURL(`${ctx.base}/mon-dossier`), page.click('.site-header .display-size button')]);
    await context.close();
  });

  it('gives the demo’s Marie, whose record asks for “gros caractères”, larger text from her first login', async () => {
    const page = await ctx.browser!.newPage({ viewport: PHONE });
    await logInAs(page, ctx.base!, 'marie.demo', DEMO_PASSWORD);
    expect(await page.getAttribute('html', 'class')).to.include('large-text');
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).to.be.above(22);
    expect(await headerHeight(page)).to.be.at.most(120);
    expect(await page.textContent('.site-header .display-size button')).to.include('Texte normal');
    await page.close();
  });
});
