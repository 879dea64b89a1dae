import { expect } from 'chai';
import { catalogue } from '../../src/features/workshops/index.js';
import { frenchTypography } from '../../src/platform/typography.js';
import { clearDatabase, getApp } from '../helpers/test-env.js';
import { loggedIn, makeUser, newAgent, type Agent } from '../helpers/http.js';

/** HTML-escaped the way EJS `<%= %>` does, to find a plain text in a page. */
const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');

describe('curriculum: printable workbooks and the skills list (HTTP)', function () {
  this.timeout(60_000);
  let resident: Agent;
  let leader: Agent;

  before(async () => {
    await getApp();
    await clearDatabase();
    await makeUser('lea.residente', 'resident');
    await makeUser('paul.animateur', 'leader');
    await makeUser('carole.coordinatrice', 'coordinator');
    resident = await loggedIn('lea.residente');
    leader = await loggedIn('paul.animateur');
  });

  it('prints every module for a resident: lessons, every exercise, boxes, no answer key', async () => {
    const modules = catalogue().modules;
    expect(modules).to.have.length(14);
    for (const m of modules) {
      const res = await resident.get(`/ateliers/${m.id}/imprimer`).expect(200);
      expect(res.text, m.id).to.include(escapeHtml(m.title));
      for (const lesson of m.lessons) expect(res.text, `${m.id}/${lesson.id}`).to.include(escapeHtml(lesson.title));
      for (const ex of m.exercises) {
        expect(res.text, `${m.id}/${ex.id}`).to.include(`id="exercice-${ex.id}"`);
        expect(res.text, `${m.id}/${ex.id}`).to.include(ex.question.html);
      }
      expect(res.text).to.include('Exercice 1').and.include('class="tick"');
      expect(res.text).to.include('/css/print.css');
      expect(res.text).not.to.include('Corrigé pour l’animateur');
      // No form on paper: nothing to post.
      expect(res.text).not.to.match(/<form[^>]+method="post"[^>]+action="\/ateliers/);
    }
  });

  it('keeps the answer key for leaders, on request', async () => {
    const plain = await leader.get('/ateliers/arnaques/imprimer').expect(200);
    expect(plain.text).not.to.include('Corrigé pour l’animateur');
    expect(plain.text).to.include('href="/ateliers/arnaques/imprimer?corrige=1"');
    const key = await leader.get('/ateliers/arnaques/imprimer?corrige=1').expect(200);
    expect(key.text).to.include('Corrigé pour l’animateur');
    const tried = await resident.get('/ateliers/arnaques/imprimer?corrige=1').expect(200);
    expect(tried.text).not.to.include('Corrigé pour l’animateur');
  });

  it('answers 404 for an unknown module and sends visitors to the login page', async () => {
    await resident.get('/ateliers/module-inconnu/imprimer').expect(404);
    await resident.get('/ateliers/Pas%20un%20id/imprimer').expect(404);
    const visitor = await newAgent();
    const res = await visitor.get('/ateliers/arnaques/imprimer').expect(303);
    expect(res.headers.location).to.match(/^\/connexion/);
  });

  it('lists every skill with its Pix/CRCN code, PIM domain and exercise count for leaders', async () => {
    const res = await leader.get('/competences').expect(200);
    const rows = res.text.match(/<tr id="competence-/g) ?? [];
    expect(rows.length).to.equal(catalogue().allSkills().length).and.be.at.least(60);
    for (const skill of catalogue().allSkills()) {
      expect(res.text, skill.id).to.include(`id="competence-${skill.id}"`);
      // A skill that is not a digital one has no code, and the list says so.
      expect(res.text, skill.id).to.include(skill.pim ? escapeHtml(frenchTypography(skill.pim)) : 'ce n’est pas une compétence numérique');
    }
    expect(res.text).to.include('<form method="get" action="/competences"');
    expect(res.text).to.include('href="/competences" aria-current="page"');
    const coordinator = await loggedIn('carole.coordinatrice');
    await coordinator.get('/competences').expect(200);
  });

  it('filters the skills by CRCN area with a plain GET form', async () => {
    const res = await leader.get('/competences?domaine=4').expect(200);
    const shown = [...res.text.matchAll(/<tr id="competence-([a-z0-9-]+)"/g)].map((m) => m[1]);
    const expected = catalogue()
      .allSkills()
      .filter((s) => s.crcn?.startsWith('4.'))
      .map((s) => s.id);
    expect(shown).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
    expect(res.text).to.include('<option value="4" selected>');
    // Anything else shows every area.
    const all = await leader.get('/competences?domaine=9').expect(200);
    expect((all.text.match(/<tr id="competence-/g) ?? []).length).to.equal(catalogue().allSkills().length);
  });

  it('filters the skills by PIM domain, one of the five real domains on every skill', async () => {
    const domains = [
      'Domaine 1 : Équipement informatique',
      'Domaine 2 : Document numérique',
      "Domaine 3 : Services de l'Internet",
      'Domaine 4 : Communiquer et échanger',
      "Domaine 5 : Droits et règles d'usage",
    ];
    // Every skill with codes has one of the five real domains.
    for (const skill of catalogue().allSkills()) if (skill.pim) expect(domains, skill.id).to.include(skill.pim);
    const res = await leader.get('/competences?pim=3').expect(200);
    const shown = [...res.text.matchAll(/<tr id="competence-([a-z0-9-]+)"/g)].map((m) => m[1]);
    const expected = catalogue()
      .allSkills()
      .filter((s) => s.pim === domains[2])
      .map((s) => s.id);
    expect(shown).to.deep.equal(expected);
    expect(expected.length).to.be.greaterThan(0);
    expect(res.text).to.include('<option value="3" selected>');
    // The CRCN competences no skill maps to are said, not hidden.
    const mapped = new Set(
      catalogue()
        .allSkills()
        .map((s) => s.crcn),
    );
    for (const id of ['1.3', '2.3']) {
      expect(mapped.has(id), id).to.equal(false);
      expect(res.text).to.match(new RegExp(`Aucune compétence des ateliers[^<]*${id.replace('.', '\\.')} `));
    }
    expect(res.text).not.to.match(/Aucune compétence des ateliers[^<]*2\.1 /);
    // Both filters at once.
    const both = await leader.get('/competences?pim=5&domaine=4').expect(200);
    const bothShown = [...both.text.matchAll(/<tr id="competence-([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(bothShown).to.deep.equal(
      catalogue()
        .allSkills()
        .filter((s) => s.pim === domains[4] && s.crcn?.startsWith('4.'))
        .map((s) => s.id),
    );
  });

  it('refuses the skills list to residents (403) and sends visitors to the login page', async () => {
    await resident.get('/competences').expect(403);
    const home = await resident.get('/').expect(200);
    expect(home.text).not.to.include('href="/competences"');
    const visitor = await newAgent();
    await visitor.get('/competences').expect(303);
  });

  it('lets a resident reach every exercise from the catalogue', async () => {
    const list = await resident.get('/ateliers').expect(200);
    for (const m of catalogue().modules) {
      expect(list.text, `catalogue links ${m.id}`).to.include(`href="/ateliers/${m.id}"`);
      const page = await resident.get(`/ateliers/${m.id}`).expect(200);
      for (const ex of m.exercises) {
        const href = `/ateliers/${m.id}/exercices/${ex.id}`;
        expect(page.text, `${m.id} links ${ex.id}`).to.include(`href="${href}"`);
        await resident.get(href).expect(200);
      }
    }
  });
});
