import { expect } from 'chai';
import { recordAttempt } from '../../src/features/progress/index.js';
import { dayInBrest } from '../../src/features/validation/validation-rules.js';
import { catalogue } from '../../src/features/workshops/index.js';
import { loggedIn, makeUser, postForm, type Agent } from '../helpers/http.js';
import { clearDatabase } from '../helpers/test-env.js';

const MODULE = 'decouvrir-ordinateur';
const SITE = 'Kérourien (validation)';
const module = () => catalogue().moduleById.get(MODULE)!;
const esc = (text: string) => text.replace(/'/g, '&#39;');
/** The part of a page that is one skill's block. */
const block = (html: string, skill: string) =>
  html.split(`id="competence-${skill}"`)[1]!.split('<li id="competence-')[0]!.split('</section>')[0]!;

describe('a resident’s validation page, one module at a time (HTTP, real database)', () => {
  let anim: Agent;
  let residentId: string;
  let page: string;

  beforeEach(async () => {
    await clearDatabase();
    residentId = (await makeUser('marie.valid', 'resident', SITE)).user.id;
    await makeUser('anim.valid', 'leader', SITE);
    anim = await loggedIn('anim.valid');
    page = `/validation/residents/${residentId}`;
  });

  it('opens on the list of modules with their progress towards the certificate, and no skill form', async () => {
    const res = await anim.get(page).expect(200);
    for (const m of catalogue().modules) {
      expect(res.text).to.include(`href="${page}?module=${m.id}"`);
      expect(res.text).to.include(`0 compétence validée sur ${m.skills.length}`);
    }
    expect(res.text).to.not.include('name="method"');
  });

  it('shows one module’s skills with jump links, and no other module’s', async () => {
    const res = await anim.get(`${page}?module=${MODULE}`).expect(200);
    for (const s of module().skills) {
      expect(res.text).to.include(`href="#competence-${s.id}"`).and.include(`id="competence-${s.id}"`);
      expect(res.text).to.include(esc(s.title));
    }
    const others = catalogue()
      .modules.filter((m) => m.id !== MODULE)
      .flatMap((m) => m.skills);
    for (const s of others) expect(res.text).to.not.include(`id="competence-${s.id}"`);
    expect(res.text.match(/name="method"/g)).to.have.length(module().skills.length);
    expect(res.text).to.include(`<progress max="${module().skills.length}" value="0"`);
    await anim.get(`${page}?module=nexiste-pas`).expect(404);
  });

  it('confirms a save next to its skill, back on the skill’s module, and counts it towards the certificate', async () => {
    const [first, second] = module().skills;
    const res = await postForm(
      anim,
      `${page}?module=${MODULE}`,
      `${page}/competences`,
      { skill: first!.id, method: 'atelier', level: 'seul', day: dayInBrest(new Date()), comment: '' },
      303,
    );
    const location = res.headers.location as string;
    expect(location).to.equal(`${page}?module=${MODULE}&fait=valide&competence=${first!.id}#competence-${first!.id}`);
    const after = await anim.get(location.split('#')[0]!).expect(200);
    expect(block(after.text, first!.id)).to.include('C’est enregistré\u00a0: la validation de cette compétence est faite.');
    expect(block(after.text, second!.id)).to.not.include('C’est enregistré');
    expect(after.text).to.include(`1 compétence validée sur ${module().skills.length}`);
  });

  it('shows the best score beside each skill, and warns in the form before validating a skill scored under half', async () => {
    const [low, high] = module().skills;
    const exerciseOf = (skill: string) => module().exercises.find((e) => e.skill === skill && e.type !== 'auto-evaluation')!;
    const now = new Date();
    const attempt = (skill: string, score: number, submission: string) =>
      recordAttempt(
        residentId,
        {
          exerciseId: exerciseOf(skill).id,
          skillId: skill,
          moduleId: MODULE,
          submission,
          score,
          correct: score === 1,
          answer: {},
        },
        now,
      );
    await attempt(low!.id, 0.25, 'sub-low-0001');
    await attempt(high!.id, 1, 'sub-high-0001');
    const res = await anim.get(`${page}?module=${MODULE}`).expect(200);
    const lowBlock = block(res.text, low!.id);
    expect(lowBlock).to.include('25 %').and.include('moins de la moitié');
    // The warning is inside the validation form, before its button, and described by it.
    const form = lowBlock.split('/competences"')[1]!.split('</form>')[0]!;
    expect(form.indexOf('moins de la moitié')).to.be.lessThan(form.indexOf('type="submit"'));
    expect(form).to.include(`aria-describedby="v-${low!.id}-low"`);
    const highBlock = block(res.text, high!.id);
    expect(highBlock).to.include('100 %').and.not.include('moins de la moitié');
  });

  it('shows a refused form again on its skill’s module, open, with its message', async () => {
    const skill = module().skills[2]!;
    const res = await postForm(
      anim,
      `${page}?module=${MODULE}`,
      `${page}/competences`,
      { skill: skill.id, method: 'atelier', level: 'seul', day: '2999-01-01', comment: 'Vu' },
      422,
    );
    expect(res.text).to.include(`id="competence-${skill.id}"`).and.include('La date n’est pas bonne');
    expect(block(res.text, skill.id)).to.match(/<details class="action-block"\s+open>/);
    const other = catalogue().modules.find((m) => m.id !== MODULE)!;
    expect(res.text).to.not.include(`id="competence-${other.skills[0]!.id}"`);
  });
});
