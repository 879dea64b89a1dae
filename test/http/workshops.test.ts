import { expect } from 'chai';
import { frenchTypography } from '../../src/platform/typography.js';
import { catalogue, type Exercise } from '../../src/features/workshops/index.js';
import { getProgress } from '../../src/features/progress/index.js';
import { clearDatabase } from '../helpers/test-env.js';
import { csrfOf, loggedIn, makeUser, newAgent, PASSWORD, type Agent } from '../helpers/http.js';
import { rightAnswer, wrongAnswer } from '../../src/features/exercises/sample-answers.js';

/** How EJS's <%= %> writes a text into the page. */
const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

const exerciseUrl = (e: Exercise) => `/ateliers/${e.moduleId}/exercices/${e.id}`;

/**
 * Opens the exercise (for its CSRF token and one-time submission id), answers it, and
 * follows the 303 to its result page (`res`); a refused answer's own page is `res` then.
 */
async function answer(agent: Agent, e: Exercise, body: Record<string, string | string[]>, opts: { submission?: string } = {}) {
  const page = await agent.get(exerciseUrl(e)).expect(200);
  const submission = opts.submission ?? /name="submission" value="([^"]+)"/.exec(page.text)![1]!;
  const post = await agent
    .post(exerciseUrl(e))
    .type('form')
    .send({ _csrf: csrfOf(page.text), submission, ...body });
  const res = post.status === 303 ? await agent.get(post.headers.location!).expect(200) : post;
  return { res, post, submission, token: csrfOf(page.text) };
}

const firstOfType = (type: Exercise['type']) =>
  catalogue()
    .modules.flatMap((m) => m.exercises)
    .find((e) => e.type === type)!;

describe('workshops and exercises (HTTP, real database)', () => {
  let resident: Agent;
  let residentId: string;

  beforeEach(async () => {
    await clearDatabase();
    const { user } = await makeUser('marie.test', 'resident', 'Site A');
    residentId = user.id;
    resident = await loggedIn('marie.test');
  });

  it('shows the catalogue of modules with a progress bar each', async () => {
    const res = await resident.get('/ateliers').expect(200);
    for (const m of catalogue().modules) expect(res.text).to.include(`href="/ateliers/${m.id}"`);
    expect(res.text.match(/<progress /g)).to.have.length(catalogue().modules.length);
  });

  it('lets a resident read a lesson, with previous/next, and offers to continue there', async () => {
    const m = catalogue().modules[0]!;
    const [first, second] = m.lessons;
    const res = await resident.get(`/ateliers/${m.id}/lecons/${second!.id}`).expect(200);
    expect(res.text).to.include(html(second!.title)).and.include(`/ateliers/${m.id}/lecons/${first!.id}`);
    const list = await resident.get('/ateliers').expect(200);
    expect(list.text).to.include(`href="/ateliers/${m.id}/lecons/${second!.id}"`);
  });

  it('learn, then try: a lesson ends with its exercises, the last one leads to the next lesson, the module shows that path', async () => {
    const m = catalogue().modules[0]!;
    const [first, second] = m.lessons;
    const own = m.exercises.filter((e) => e.lesson === first!.id);
    expect(own.length, 'the first lesson has exercises').to.be.greaterThan(0);
    const lesson = await resident.get(`/ateliers/${m.id}/lecons/${first!.id}`).expect(200);
    const tryNow = lesson.text.split('id="essayez"')[1]!.split('</section>')[0]!;
    expect(tryNow).to.include('Essayez maintenant');
    for (const e of own) expect(tryNow).to.include(`href="${exerciseUrl(e)}"`);
    for (const e of m.exercises.filter((x) => x.lesson !== first!.id)) expect(tryNow).to.not.include(`href="${exerciseUrl(e)}"`);

    // Each exercise of the lesson leads to the next one; the last one to the next lesson.
    for (const [i, e] of own.entries()) {
      const fb = await answer(resident, e, rightAnswer(e));
      const nav = fb.res.text.split('class="pager"')[1]!;
      if (i < own.length - 1) expect(nav).to.include(`href="${exerciseUrl(own[i + 1]!)}"`);
      else
        expect(nav)
          .to.include(`href="/ateliers/${m.id}/lecons/${second!.id}"`)
          .and.include(html(frenchTypography(`Leçon suivante : ${second!.title}`)));
    }

    // The module page lists each lesson followed by its exercises, in that order.
    const page = await resident.get(`/ateliers/${m.id}`).expect(200);
    const path = page.text.split('id="parcours"')[1]!.split('</section>')[0]!;
    const positions = m.lessons.flatMap((l) => [
      path.indexOf(`href="/ateliers/${m.id}/lecons/${l.id}"`),
      ...m.exercises.filter((e) => e.lesson === l.id).map((e) => path.indexOf(`href="${exerciseUrl(e)}"`)),
    ]);
    expect(positions.every((p) => p > 0)).to.equal(true);
    expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
  });

  it('counts scored exercises only, the same on every page, and every exercise page has an h1', async () => {
    const m = catalogue().modules[0]!;
    const scored = m.exercises.filter((e) => e.type !== 'auto-evaluation');
    for (const e of m.exercises) {
      const page = await resident.get(exerciseUrl(e)).expect(200);
      expect(page.text.match(/<h1[ >]/g), e.id).to.have.length(1);
      if (e.type === 'auto-evaluation') expect(page.text).to.not.match(/Exercice \d+ sur/);
      else expect(page.text).to.match(new RegExp(`Exercice \\d+ sur ${scored.length}<`));
    }
    const module = await resident.get(`/ateliers/${m.id}`).expect(200);
    expect(module.text).to.include(`sur ${scored.length}<`);
    expect(module.text).to.not.include(`sur ${m.exercises.length}<`);
  });

  it('scores a wrong then a right answer, with feedback, and records the progress', async () => {
    const e = firstOfType('choix-unique');
    if (e.type !== 'choix-unique') throw new Error('type');
    const wrong = await answer(resident, e, wrongAnswer(e));
    expect(wrong.res.status).to.equal(200);
    expect(wrong.res.text)
      .to.include('Ce n’est pas la bonne réponse')
      .and.include(e.feedback.wrong.html)
      .and.include('Votre réponse')
      .and.include('La bonne réponse');
    const right = await answer(resident, e, rightAnswer(e));
    expect(right.res.text).to.include('Bonne réponse').and.include(e.feedback.right.html);
    const p = await getProgress(residentId);
    expect(p.exercises[e.id]).to.include({ attempts: 2, solved: true, bestScore: 1, lastCorrect: true });
    expect(p.skills[e.skill]).to.include({ attempts: 2, bestScore: 1 });
  });

  it('answers every exercise type right and wrong through the real forms', async () => {
    const types = [...new Set(catalogue().modules.flatMap((m) => m.exercises.map((e) => e.type)))];
    expect(types).to.have.length(9);
    for (const type of types) {
      const e = firstOfType(type);
      const right = await answer(resident, e, rightAnswer(e));
      expect(right.res.status, `${e.id} right`).to.equal(200);
      expect(right.res.text, `${e.id} right`).to.match(type === 'auto-evaluation' ? /C’est noté/ : /Bonne réponse/);
      if (type === 'auto-evaluation') continue;
      const wrong = await answer(resident, e, wrongAnswer(e));
      expect(wrong.res.status, `${e.id} wrong`).to.equal(200);
      expect(wrong.res.text, `${e.id} wrong`).to.match(/Ce n’est pas la bonne réponse|Presque/);
    }
  });

  it('shows the learner’s answer beside the right one, marking only what matters, with no percentage', async () => {
    const multi = catalogue()
      .modules.flatMap((m) => m.exercises)
      .find((x) => x.type === 'choix-multiple' && x.options.length - x.answers.length >= 2)!;
    if (multi.type !== 'choix-multiple') throw new Error('type');
    const wrongOptions = multi.options.filter((o) => !multi.answers.includes(o.id));
    const [ticked, untouched] = wrongOptions;
    // One right option and one wrong option ticked; the other right ones are missing.
    const res = await answer(resident, multi, { answer: [multi.answers[0]!, ticked!.id] });
    expect(res.res.status).to.equal(200);
    const yours = res.res.text.split('id="votre-reponse"')[1]!.split('</section>')[0]!;
    const right = res.res.text.split('id="bonne-reponse"')[1]!.split('</section>')[0]!;
    expect(yours).to.include(ticked!.text.html).and.include('line-wrong');
    expect(res.res.text, 'a wrong option rightly left unticked is not shown').to.not.include(untouched!.text.html);
    if (multi.answers.length > 1) expect(right).to.include('vous ne l’avez pas cochée');
    expect(res.res.text).to.not.match(/\d+\s?%/);

    const tf = firstOfType('vrai-faux');
    if (tf.type !== 'vrai-faux') throw new Error('type');
    const recalled = await answer(resident, tf, wrongAnswer(tf));
    expect(recalled.res.text).to.include(tf.statement.html).and.include('La phrase\u00a0:');
    const mine = recalled.res.text.split('id="votre-reponse"')[1]!.split('</section>')[0]!;
    expect(mine).to.include(tf.answer ? 'Faux' : 'Vrai');

    const order = catalogue()
      .modules.flatMap((m) => m.exercises)
      .find((x) => x.type === 'remettre-en-ordre' && x.items.length >= 4)!;
    if (order.type !== 'remettre-en-ordre') throw new Error('type');
    // The first two steps swapped: "Presque : 2 étapes à revoir."
    const swapped = order.items.map((it) => it.id);
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const almost = await answer(resident, order, Object.fromEntries(swapped.map((id, i) => [`position-${i + 1}`, id])));
    expect(almost.res.text).to.include('Presque\u00a0: 2 étapes à revoir.');
  });

  it('shows the options of a choice in an order of its own to each resident, the same on every reload, new after each counted answer', async () => {
    const e = catalogue()
      .modules.flatMap((m) => m.exercises)
      .find((x) => x.type === 'choix-unique' && x.options.length === 4)!;
    if (e.type !== 'choix-unique') throw new Error('type');
    const orderOf = async (agent: Agent) => {
      const page = await agent.get(exerciseUrl(e)).expect(200);
      return [...page.text.matchAll(/<input type="radio" name="answer" value="([^"]+)"/g)].map((m) => m[1]).join(',');
    };
    // Each resident sees one order, on every reload; with 4 options, 24 orders: five residents cannot all share one.
    const orders = new Set<string>();
    for (const name of ['ana', 'bruno', 'chloe', 'driss', 'elise']) {
      await makeUser(`${name}.ordre`, 'resident', 'Site A');
      const agent = await loggedIn(`${name}.ordre`);
      const first = await orderOf(agent);
      expect(first.split(',').sort()).to.deep.equal(e.options.map((o) => o.id).sort());
      expect(await orderOf(agent), `${name}: a reload keeps the order`).to.equal(first);
      expect(await orderOf(agent), `${name}: a reload keeps the order`).to.equal(first);
      orders.add(first);
    }
    expect(orders.size, 'two residents see different orders').to.be.at.least(2);

    // A counted answer is a new attempt: over five attempts the order changes, and the answer is scored by its id.
    const seen = new Set<string>();
    for (let attempt = 0; attempt < 5; attempt++) {
      const order = await orderOf(resident);
      expect(await orderOf(resident)).to.equal(order);
      seen.add(order);
      const wrong = e.options.find((o) => o.id !== e.answer)!;
      const fb = await answer(resident, e, { answer: wrong.id });
      const yours = fb.res.text.split('id="votre-reponse"')[1]!.split('</section>')[0]!;
      expect(yours).to.include(wrong.text.html);
    }
    expect(seen.size, 'the order changes with the attempt').to.be.at.least(2);
    expect((await getProgress(residentId)).exercises[e.id]?.attempts).to.equal(5);
  });

  it('says when the facts of an exercise were checked, on its result page', async () => {
    const e = catalogue()
      .modules.flatMap((m) => m.exercises)
      .find((x) => x.verified !== undefined && x.type !== 'auto-evaluation')!;
    const fb = await answer(resident, e, rightAnswer(e));
    expect(fb.res.text).to.include(`Information vérifiée en ${e.verified}.`);
  });

  it('counts a double submit or a reload once', async () => {
    const e = firstOfType('vrai-faux');
    const first = await answer(resident, e, rightAnswer(e));
    const again = await resident
      .post(exerciseUrl(e))
      .type('form')
      .send({ _csrf: first.token, submission: first.submission, ...rightAnswer(e) })
      .expect(303);
    expect((await resident.get(again.headers.location!).expect(200)).text).to.include('Cette réponse était déjà enregistrée');
    const concurrent = await answer(resident, e, wrongAnswer(e));
    const [a, b] = await Promise.all(
      [0, 1].map(() =>
        resident
          .post(exerciseUrl(e))
          .type('form')
          .send({ _csrf: concurrent.token, submission: concurrent.submission, ...wrongAnswer(e) }),
      ),
    );
    expect([a!.status, b!.status]).to.deep.equal([303, 303]);
    const p = await getProgress(residentId);
    expect(p.exercises[e.id]?.attempts).to.equal(2);
  });

  it('saves an answer, then shows its result at an address of its own: Refresh shows it again, counts nothing more', async () => {
    const e = firstOfType('choix-unique');
    const sent = await answer(resident, e, wrongAnswer(e));
    expect(sent.post.status).to.equal(303);
    expect(sent.post.headers.location).to.match(new RegExp(`^${exerciseUrl(e)}/resultat\\?`));
    expect(sent.post.headers.location).to.not.include(sent.submission).and.not.include('_csrf');
    expect(sent.res.text).to.include('Ce n’est pas la bonne réponse');
    const refreshed = await resident.get(sent.post.headers.location!).expect(200);
    expect(refreshed.text).to.include('Ce n’est pas la bonne réponse').and.not.include('déjà enregistrée');
    expect((await getProgress(residentId)).exercises[e.id]?.attempts).to.equal(1);
    // No answer in the address: the exercise itself.
    const other = firstOfType('vrai-faux');
    const none = await resident.get(`${exerciseUrl(other)}/resultat`).expect(303);
    expect(none.headers.location).to.equal(exerciseUrl(other));
  });

  it('gives the hint to reread only after a wrong answer', async () => {
    const e = catalogue()
      .modules.flatMap((m) => m.exercises)
      .find((x) => x.type === 'choix-unique' && x.feedback.next !== undefined)!;
    if (e.type !== 'choix-unique') throw new Error('type');
    const right = await answer(resident, e, rightAnswer(e));
    expect(right.res.text)
      .to.include('Bonne réponse')
      .and.not.include('class="next-hint"')
      .and.not.include(e.feedback.next!.html);
    const wrong = await answer(resident, e, wrongAnswer(e));
    expect(wrong.res.text).to.include('class="next-hint"').and.include(e.feedback.next!.html);
  });

  it('returns an empty answer with its form (422), and counts nothing', async () => {
    for (const type of ['choix-unique', 'choix-multiple', 'reponse-courte', 'remettre-en-ordre'] as const) {
      const e = firstOfType(type);
      const body: Record<string, string> =
        type === 'reponse-courte' ? { answer: '  ' } : type === 'remettre-en-ordre' ? { 'position-1': '' } : {};
      const { res } = await answer(resident, e, body);
      expect(res.status, type).to.equal(422);
      expect(res.text, type)
        .to.include('Vous n’avez pas encore répondu')
        .and.include(`action="${exerciseUrl(e)}"`);
      expect((await getProgress(residentId)).exercises[e.id], type).to.equal(undefined);
    }
  });

  it('keeps an answer sent after the session ended: login again, then the exercise with the answer filled in', async () => {
    const e = catalogue()
      .modules.flatMap((m) => m.exercises)
      .find((x) => x.type === 'remettre-en-ordre')!;
    if (e.type !== 'remettre-en-ordre') throw new Error('type');
    const page = await resident.get(exerciseUrl(e)).expect(200);
    const body = Object.fromEntries(e.items.map((it, i) => [`position-${i + 1}`, it.id]));
    // The session ends (as after the idle time): the same browser, no login any more.
    const ended = await newAgent();
    const post = await ended
      .post(exerciseUrl(e))
      .type('form')
      .send({ _csrf: csrfOf(page.text), submission: 'abcdefgh-1234', ...body })
      .expect(303);
    const login = new URL(post.headers.location!, 'http://x');
    expect(login.pathname).to.equal('/connexion');
    const back = login.searchParams.get('retour')!;
    expect(back).to.match(new RegExp(`^${exerciseUrl(e)}\\?`));
    expect(back).to.not.include('abcdefgh').and.not.include('_csrf');
    const form = await ended.get(post.headers.location!).expect(200);
    expect(form.text).to.include(`name="retour" value="${html(back)}"`);
    const relogged = await ended
      .post('/connexion')
      .type('form')
      .send({ _csrf: csrfOf(form.text), username: 'marie.test', password: PASSWORD, retour: back })
      .expect(303);
    expect(relogged.headers.location).to.equal(back);
    const again = await ended.get(back).expect(200);
    expect(again.text).to.include('Votre réponse est gardée');
    for (const [i, it] of e.items.entries()) {
      const select = again.text.split(`name="position-${i + 1}"`)[1]!.split('</select>')[0]!;
      expect(select).to.include(`value="${it.id}" selected`);
    }
    expect((await getProgress(residentId)).exercises[e.id]).to.equal(undefined);
  });

  it('records the self-assessment of a skill from the module page', async () => {
    const m = catalogue().modules[1]!;
    const page = await resident.get(`/ateliers/${m.id}`).expect(200);
    const skill = m.skills[0]!;
    await resident
      .post(`/ateliers/${m.id}/auto-evaluation`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), skill: skill.id, level: 'seul' })
      .expect(303);
    expect((await getProgress(residentId)).skills[skill.id]?.self).to.equal('seul');
    const bad = await resident
      .post(`/ateliers/${m.id}/auto-evaluation`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), skill: skill.id, level: 'expert' })
      .expect(422);
    expect(bad.text).to.include('Choisissez une réponse');
  });

  it('shows exactly what was done on the progress page', async () => {
    const e = firstOfType('associer');
    await answer(resident, e, rightAnswer(e));
    const res = await resident.get('/ma-progression').expect(200);
    const m = catalogue().moduleById.get(e.moduleId)!;
    const scored = m.exercises.filter((x) => x.type !== 'auto-evaluation').length;
    expect(res.text).to.include(html(m.title)).and.include(`1 exercice réussi sur ${scored}`);
    const others = catalogue().modules.filter((x) => x.id !== m.id);
    for (const o of others) expect(res.text).to.not.include(`id="m-${o.id}"`);
  });

  it('refuses another resident’s progress, and shows it to a leader of the same site only', async () => {
    const { user: other } = await makeUser('karim.test', 'resident', 'Site A');
    await resident.get(`/progression/${other.id}`).expect(403);
    await makeUser('anim.test', 'leader', 'Site A');
    await makeUser('anim2.test', 'leader', 'Site B');
    const leader = await loggedIn('anim.test');
    const page = await leader.get(`/progression/${residentId}`).expect(200);
    expect(page.text).to.include('Progression de marie.test');
    const stranger = await loggedIn('anim2.test');
    await stranger.get(`/progression/${residentId}`).expect(403);
  });

  it('answers tampered forms with a clear 400 page', async () => {
    const e = firstOfType('choix-unique');
    const page = await resident.get(exerciseUrl(e)).expect(200);
    const base = { _csrf: csrfOf(page.text), submission: 'abcdefgh-1234' };
    const unknownExercise = await resident
      .post(`/ateliers/${e.moduleId}/exercices/nexiste-pas`)
      .type('form')
      .send({ ...base, answer: 'a' })
      .expect(404);
    expect(unknownExercise.text).to.include('Cet exercice n’existe pas');
    const unknownOption = await resident
      .post(exerciseUrl(e))
      .type('form')
      .send({ ...base, answer: 'zzz' })
      .expect(422);
    expect(unknownOption.text).to.include('Votre réponse est incomplète ou n’est pas valable');
    await resident
      .post(exerciseUrl(e))
      .type('form')
      .send(`_csrf=${encodeURIComponent(base._csrf)}&submission=abcdefgh-1234&answer=a&answer=b`)
      .expect(422);
    await resident.post(exerciseUrl(e)).type('form').send({ _csrf: base._csrf, answer: 'a' }).expect(422);
    const p = await getProgress(residentId);
    expect(p.exercises[e.id]).to.equal(undefined);
  });

  it('serves content images sandboxed, and refuses paths outside the content', async () => {
    const m = catalogue().modules[0]!;
    const img = await resident.get(m.pictogram.url).expect(200);
    expect(img.headers['content-security-policy']).to.include('sandbox');
    await resident.get('/contenu/..%2Fpackage.json/images/x.svg').expect(404);
    await resident.get(`/contenu/${m.id}/images/..%2F..%2Fpackage.json`).expect(404);
  });

  it('sends visitors to the login page', async () => {
    const visitor = await newAgent();
    await visitor.get('/ateliers').expect(303);
    await visitor.get('/ma-progression').expect(303);
  });
});
