import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentError, loadContent } from '../../src/features/workshops/content.loader.js';
import { imageFileFromUrl } from '../../src/features/workshops/content.paths.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

/** A small but complete module (3 skills, 2 lessons, 11 exercises of every type). */
function moduleFiles(id: string, order: number, prefix: string): Record<string, string> {
  const s = (n: string) => `${prefix}${n}`;
  const feedback = 'feedback:\n  right: Bravo.\n  wrong: Ce n’est pas ça.\n';
  const ex = (file: string, body: string) => ({ [`${id}/exercices/${file}`]: body });
  return {
    [`${id}/module.yaml`]: [
      `id: ${id}`,
      `order: ${order}`,
      `title: Module ${id}`,
      'summary: Un module pour les tests.',
      'pictogram: images/picto.svg',
      'pictogramAlt: Un pictogramme.',
      'skills:',
      ...['un', 'deux', 'trois'].flatMap((n) => [
        `  - id: ${s(n)}`,
        `    title: Compétence ${n}`,
        '    crcn: "1.1"',
        '    pim: "Domaine 1 : Équipement informatique"',
      ]),
      '',
    ].join('\n'),
    [`${id}/lecons/01-premiere.md`]: [
      '---',
      'id: premiere',
      'title: Première leçon',
      'order: 2',
      `skills: [${s('un')}]`,
      '---',
      '',
      '## Étape 1 : trouver le bouton',
      '',
      '1. Lisez [la leçon suivante](lecon:deuxieme).',
      '2. Faites [l’exercice](exercice:' + s('unique') + ').',
      '',
      '![Le bouton de marche.](images/bouton.svg)',
      '',
      '<script>alert(1)</script>',
      '',
      'Le site officiel : https://www.impots.gouv.fr',
      '',
    ].join('\n'),
    [`${id}/lecons/02-deuxieme.md`]: `---\nid: deuxieme\ntitle: Deuxième leçon\norder: 1\nskills: [${s('deux')}, ${s('trois')}]\n---\n\nTexte.\n`,
    [`${id}/images/picto.svg`]: SVG,
    [`${id}/images/bouton.svg`]: SVG,
    [`${id}/images/nav.svg`]: SVG,
    ...ex(
      '01-unique.yaml',
      `id: ${s('unique')}\ntype: choix-unique\nskill: ${s('un')}\nlesson: premiere\nquestion: Quel bouton **allume** l’ordinateur ?\n` +
        `options:\n  - { id: a, text: Le bouton rond }\n  - { id: b, text: "L'écran" }\nanswer: a\n${feedback}  next: Relisez la [leçon](lecon:premiere).\n`,
    ),
    ...ex(
      '02-multiple.yaml',
      `id: ${s('multiple')}\ntype: choix-multiple\nskill: ${s('un')}\nquestion: Lesquels ?\noptions:\n  - { id: a, text: A }\n  - { id: b, text: B }\n  - { id: c, text: C }\nanswers: [a, c]\n${feedback}`,
    ),
    ...ex(
      '03-vrai-faux.yaml',
      `id: ${s('vf')}\ntype: vrai-faux\nskill: ${s('un')}\nquestion: Vrai ou faux ?\nstatement: On peut débrancher.\nanswer: false\n${feedback}`,
    ),
    ...ex(
      '04-court.yaml',
      `id: ${s('court')}\ntype: reponse-courte\nskill: ${s('deux')}\nquestion: Comment s’appelle @ ?\nanswers: [arobase, arobas]\nplaceholder: Écrivez le mot\n${feedback}`,
    ),
    ...ex(
      '05-ordre.yaml',
      `id: ${s('ordre')}\ntype: remettre-en-ordre\nskill: ${s('deux')}\nquestion: Dans quel ordre ?\nitems:\n  - { id: a, text: Allumer }\n  - { id: b, text: Attendre }\n  - { id: c, text: Taper }\n${feedback}`,
    ),
    ...ex(
      '06-associer.yaml',
      `id: ${s('associer')}\ntype: associer\nskill: ${s('deux')}\nquestion: Reliez.\npairs:\n  - { id: a, left: Souris, right: Cliquer }\n  - { id: b, left: Clavier, right: Écrire }\n${feedback}`,
    ),
    ...ex(
      '07-zone.yaml',
      `id: ${s('zone')}\ntype: zone-image\nskill: ${s('trois')}\nquestion: Cliquez sur la barre d’adresse.\nimage: { src: images/nav.svg, alt: Un navigateur. }\n` +
        `zones:\n  - { id: adresse, label: La barre d’adresse, x: 10, y: 5, w: 80, h: 8 }\n  - { id: onglet, label: Un onglet, x: 0, y: 0, w: 20, h: 5 }\nanswer: adresse\n${feedback}`,
    ),
    ...ex(
      '08-situation.yaml',
      `id: ${s('sms')}\ntype: situation\nskill: ${s('trois')}\nquestion: Que faites-vous ?\nscene:\n  kind: sms\n  from: "+33 6 12 34 56 78"\n  subject: ""\n  body: |\n    Ameli : cliquez ici http://ameli-carte.info\n  fields: []\n` +
        `options:\n  - { id: cliquer, text: Je clique }\n  - { id: supprimer, text: Je supprime }\nanswer: supprimer\n${feedback}`,
    ),
    ...['un', 'deux', 'trois'].reduce(
      (files, n, i) => ({
        ...files,
        ...ex(
          `1${i}-auto-${n}.yaml`,
          `id: ${s(`auto-${n}`)}\ntype: auto-evaluation\nskill: ${s(n)}\nquestion: Savez-vous faire ${n} ?\n`,
        ),
      }),
      {},
    ),
  };
}

let dir: string;

async function writeContent(overrides: Record<string, string | null> = {}): Promise<string> {
  const files: Record<string, string | null> = {
    'README.md': '# Le contenu\n',
    'socle.yaml': 'pas: un module\n',
    ...moduleFiles('mon-module', 2, ''),
    ...moduleFiles('autre-module', 1, 'x-'),
    ...overrides,
  };
  const root = path.join(dir, 'content');
  for (const [rel, text] of Object.entries(files)) {
    if (text === null) continue;
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

/** Loads and returns the problem lines, failing if loading succeeds. */
async function problems(overrides: Record<string, string | null>): Promise<string[]> {
  try {
    await loadContent(await writeContent(overrides));
  } catch (error) {
    expect(error).to.be.instanceOf(ContentError);
    return (error as ContentError).message.split('\n').slice(1);
  }
  throw new Error('expected a ContentError');
}

const base = moduleFiles('mon-module', 2, '');
const file = (rel: string): string => base[`mon-module/${rel}`] ?? '';

describe('loadContent', () => {
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'content-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a valid content folder into a sorted, frozen catalogue', async () => {
    const catalogue = await loadContent(await writeContent());
    expect(catalogue.modules.map((m) => m.id)).to.deep.equal(['autre-module', 'mon-module']);
    const mod = catalogue.moduleById.get('mon-module');
    expect(mod?.pictogram).to.deep.equal({ url: '/contenu/mon-module/images/picto.svg', alt: 'Un pictogramme.' });
    expect(mod?.lessons.map((l) => l.id)).to.deep.equal(['deuxieme', 'premiere']);
    expect(mod?.exercises.map((e) => e.file)).to.deep.equal([
      '01-unique.yaml',
      '02-multiple.yaml',
      '03-vrai-faux.yaml',
      '04-court.yaml',
      '05-ordre.yaml',
      '06-associer.yaml',
      '07-zone.yaml',
      '08-situation.yaml',
      '10-auto-un.yaml',
      '11-auto-deux.yaml',
      '12-auto-trois.yaml',
    ]);
    expect(catalogue.allSkills().map((s) => s.id)).to.deep.equal(['x-un', 'x-deux', 'x-trois', 'un', 'deux', 'trois']);
    expect(catalogue.skillById.get('deux')).to.include({ moduleId: 'mon-module', title: 'Compétence deux', crcn: '1.1' });
    expect(catalogue.exerciseById.get('x-sms')).to.include({ moduleId: 'autre-module', type: 'situation' });
    expect(Object.isFrozen(mod)).to.equal(true);
    expect(Object.isFrozen(mod?.lessons[0])).to.equal(true);
  });

  it('renders lessons: app links, lazy images, escaped HTML, no linkify', async () => {
    const catalogue = await loadContent(await writeContent());
    const html = catalogue.moduleById.get('mon-module')?.lessons.find((l) => l.id === 'premiere')?.html ?? '';
    // Shown in French typography: a non-breaking space before the colon.
    expect(html).to.contain('<h2>Étape 1\u00a0: trouver le bouton</h2>');
    expect(html).to.contain('<a href="/ateliers/mon-module/lecons/deuxieme">la leçon suivante</a>');
    expect(html).to.contain('<a href="/ateliers/mon-module/exercices/unique">l’exercice</a>');
    expect(html).to.contain('<img src="/contenu/mon-module/images/bouton.svg" alt="Le bouton de marche." loading="lazy">');
    expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.to.contain('<script>');
    expect(html).not.to.contain('<a href="https://www.impots.gouv.fr"');
  });

  it('renders exercise texts inline, with plain text beside the HTML', async () => {
    const catalogue = await loadContent(await writeContent());
    const ex = catalogue.exerciseById.get('unique');
    if (ex?.type !== 'choix-unique') throw new Error('expected choix-unique');
    expect(ex.question).to.deep.equal({
      text: 'Quel bouton allume l’ordinateur ?',
      html: 'Quel bouton <strong>allume</strong> l’ordinateur\u202f?',
    });
    // The HTML shown has one apostrophe; the plain text (checks, lists) stays as written.
    expect(ex.options[1]?.text).to.deep.equal({ text: "L'écran", html: 'L’écran' });
    expect(ex.feedback.next?.html).to.equal('Relisez la <a href="/ateliers/mon-module/lecons/premiere">leçon</a>.');
    expect(ex.lesson).to.equal('premiere');
    const sms = catalogue.exerciseById.get('sms');
    if (sms?.type !== 'situation') throw new Error('expected situation');
    expect(sms.scene).to.deep.equal({
      kind: 'sms',
      from: '+33 6 12 34 56 78',
      subject: '',
      body: 'Ameli : cliquez ici http://ameli-carte.info',
      fields: [],
    });
    const zone = catalogue.exerciseById.get('zone');
    if (zone?.type !== 'zone-image') throw new Error('expected zone-image');
    expect(zone.image).to.deep.equal({ url: '/contenu/mon-module/images/nav.svg', alt: 'Un navigateur.' });
  });

  it('names the file and line of a misspelt or missing field in module.yaml', async () => {
    const broken = file('module.yaml').replace('title: Module mon-module', 'titel: Module mon-module');
    expect(await problems({ 'mon-module/module.yaml': broken })).to.deep.equal([
      'content/mon-module/module.yaml:1: champ obligatoire manquant : « title ».',
      'content/mon-module/module.yaml:3: champ inconnu « titel » : vérifiez l’orthographe.',
    ]);
  });

  it('names the line of a YAML syntax error', async () => {
    const broken = file('module.yaml').replace('summary: Un module pour les tests.', 'summary: Un module : pour les tests.');
    expect(await problems({ 'mon-module/module.yaml': broken })).to.deep.equal([
      'content/mon-module/module.yaml:4: YAML invalide : ligne mal formée : si le texte contient « : », mettez-le entre guillemets.',
    ]);
  });

  it('names the line of a bad value deep in a list', async () => {
    const broken = file('module.yaml').replace(
      'crcn: "1.1"\n    pim: "Domaine 1 : Équipement informatique"\n  - id: trois',
      'crcn: 1.1\n    pim: "Domaine 1 : Équipement informatique"\n  - id: trois',
    );
    expect(await problems({ 'mon-module/module.yaml': broken })).to.deep.equal([
      'content/mon-module/module.yaml:14: skills n°2 › crcn : Écrivez la compétence CRCN entre guillemets, par exemple "2.1".',
    ]);
  });

  it('allows the 16 CRCN competences only, and codes on a skill together or not at all', async () => {
    const module = file('module.yaml');
    expect(
      await problems({
        'mon-module/module.yaml': module.replace(
          'crcn: "1.1"\n    pim: "Domaine 1 : Équipement informatique"\n  - id: trois',
          'crcn: "5.4"\n    pim: "Domaine 1 : Équipement informatique"\n  - id: trois',
        ),
      }),
    ).to.deep.equal([
      'content/mon-module/module.yaml:14: skills n°2 › crcn : Compétence CRCN inconnue. Les 16 compétences : 1.1, 1.2, 1.3, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 3.4, 4.1, 4.2, 4.3, 5.1, 5.2.',
    ]);
    expect(
      await problems({
        'mon-module/module.yaml': module.replace(
          '    crcn: "1.1"\n    pim: "Domaine 1 : Équipement informatique"\n  - id: trois',
          '    crcn: "1.1"\n  - id: trois',
        ),
      }),
    ).to.deep.equal([
      'content/mon-module/module.yaml:14: skills n°2 › crcn : Écrivez crcn et pim ensemble (compétence numérique), ou aucun des deux.',
    ]);
    // A skill that is not a digital one has no code at all.
    const noCode = module.replace(
      '    crcn: "1.1"\n    pim: "Domaine 1 : Équipement informatique"\n  - id: trois',
      '  - id: trois',
    );
    const loaded = await loadContent(await writeContent({ 'mon-module/module.yaml': noCode }));
    expect(loaded.skillById.get('deux')).to.not.have.any.keys('crcn', 'pim');
  });

  it('reads the steps that may swap, the samples, the quote of the lesson and the date of the facts', async () => {
    const ordering = file('exercices/05-ordre.yaml');
    expect(
      await problems({ 'mon-module/exercices/05-ordre.yaml': ordering.replace('feedback:', 'anyOrder: [[a, c]]\nfeedback:') }),
    ).to.deep.equal([
      'content/mon-module/exercices/05-ordre.yaml:9: anyOrder n°1 : Les étapes d’un groupe se suivent dans items.',
    ]);
    expect(
      await problems({ 'mon-module/exercices/05-ordre.yaml': ordering.replace('feedback:', 'anyOrder: [[a, z]]\nfeedback:') }),
    ).to.deep.equal(['content/mon-module/exercices/05-ordre.yaml:9: anyOrder n°1 : Une étape de ce groupe n’existe pas (a, z).']);
    const extras =
      'taught: "Appuyez sur le bouton."\nverified: "décembre 2026"\nsamples:\n  right: [arobase]\n  wrong: [at]\nanyOrder: [[a, b]]\n';
    const catalogue = await loadContent(
      await writeContent({
        'mon-module/exercices/04-court.yaml': file('exercices/04-court.yaml').replace(
          'feedback:',
          `${extras.replace('anyOrder: [[a, b]]\n', '')}feedback:`,
        ),
        'mon-module/exercices/05-ordre.yaml': ordering.replace(
          'feedback:',
          'anyOrder: [[a, b]]\ntaught: [Allumer, Attendre]\nfeedback:',
        ),
      }),
    );
    const short = catalogue.exerciseById.get('court');
    if (short?.type !== 'reponse-courte') throw new Error('expected reponse-courte');
    expect(short).to.deep.include({
      taught: ['Appuyez sur le bouton.'],
      verified: 'décembre 2026',
      samples: { right: ['arobase'], wrong: ['at'] },
    });
    expect(catalogue.exerciseById.get('ordre')).to.deep.include({ anyOrder: [['a', 'b']], taught: ['Allumer', 'Attendre'] });
    expect(
      await problems({
        'mon-module/exercices/04-court.yaml': file('exercices/04-court.yaml').replace(
          'feedback:',
          'verified: "12/2026"\nfeedback:',
        ),
      }),
    ).to.deep.equal([
      'content/mon-module/exercices/04-court.yaml:7: verified : Un mois et une année en toutes lettres, par exemple "décembre 2026".',
    ]);
  });

  it('reports duplicate ids: skills and exercises across modules, lessons within a module', async () => {
    const lines = await problems({
      'autre-module/module.yaml': moduleFiles('autre-module', 1, 'x-')['autre-module/module.yaml']!.replace(
        'id: x-deux',
        'id: deux',
      ),
      'autre-module/exercices/01-unique.yaml': moduleFiles('autre-module', 1, 'x-')[
        'autre-module/exercices/01-unique.yaml'
      ]!.replace('id: x-unique', 'id: unique'),
      'mon-module/lecons/02-deuxieme.md': file('lecons/02-deuxieme.md').replace('id: deuxieme', 'id: premiere'),
    });
    expect(lines).to.include('content/mon-module/module.yaml:12: La compétence « deux » existe déjà (autre-module/module.yaml).');
    expect(lines).to.include(
      'content/mon-module/exercices/01-unique.yaml:1: L’exercice « unique » existe déjà (autre-module/exercices/01-unique.yaml).',
    );
    expect(lines).to.include(
      'content/mon-module/lecons/02-deuxieme.md:2: Une autre leçon de ce module a déjà l’id « premiere ».',
    );
    // The exercise and lesson that pointed at the old ids are reported too.
    expect(lines).to.include(
      'content/autre-module/exercices/11-auto-deux.yaml:3: La compétence « x-deux » n’existe pas dans module.yaml de ce module.',
    );
    expect(lines).to.include(
      'content/mon-module/lecons/01-premiere.md:10: Lien cassé : la leçon « deuxieme » n’existe pas dans ce module.',
    );
  });

  it('reports a missing feedback', async () => {
    const broken = file('exercices/03-vrai-faux.yaml').replace('  wrong: Ce n’est pas ça.\n', '');
    expect(await problems({ 'mon-module/exercices/03-vrai-faux.yaml': broken })).to.deep.equal([
      'content/mon-module/exercices/03-vrai-faux.yaml:7: champ obligatoire manquant : « feedback › wrong ».',
    ]);
    const none = file('exercices/03-vrai-faux.yaml').replace(/feedback:[\s\S]*$/, '');
    expect(await problems({ 'mon-module/exercices/03-vrai-faux.yaml': none })).to.deep.equal([
      'content/mon-module/exercices/03-vrai-faux.yaml:1: champ obligatoire manquant : « feedback ».',
    ]);
  });

  it('reports images without alt text or missing on disk', async () => {
    const lesson = file('lecons/01-premiere.md').replace(
      '![Le bouton de marche.](images/bouton.svg)',
      '![](images/bouton.svg) ![Absente.](images/absente.svg)',
    );
    const exercise = file('exercices/07-zone.yaml').replace('alt: Un navigateur.', 'alt: ""');
    expect(
      await problems({
        'mon-module/lecons/01-premiere.md': lesson,
        'mon-module/exercices/07-zone.yaml': exercise,
        'mon-module/images/picto.svg': null,
      }),
    ).to.deep.equal([
      'content/mon-module/exercices/07-zone.yaml:5: image › alt : Ce texte est vide.',
      'content/mon-module/lecons/01-premiere.md:13: Image images/bouton.svg sans texte alternatif : décrivez-la entre les crochets ![ici](...).',
      'content/mon-module/lecons/01-premiere.md:13: Image introuvable : images/absente.svg n’existe pas dans le dossier du module.',
      'content/mon-module/module.yaml:5: Image introuvable : images/picto.svg n’existe pas dans le dossier du module.',
    ]);
  });

  it('reports broken and unknown links in lessons and exercise texts', async () => {
    const lesson = file('lecons/01-premiere.md')
      .replace('(lecon:deuxieme)', '(lecon:troisieme)')
      .replace('(exercice:unique)', '(exercice:x-unique)')
      .replace('Le site officiel', '[Un fichier](fichier.pdf)');
    const exercise = file('exercices/01-unique.yaml').replace('(lecon:premiere)', '(lecon:derniere)');
    expect(
      await problems({ 'mon-module/lecons/01-premiere.md': lesson, 'mon-module/exercices/01-unique.yaml': exercise }),
    ).to.deep.equal([
      'content/mon-module/exercices/01-unique.yaml:13: Lien cassé : la leçon « derniere » n’existe pas dans ce module.',
      'content/mon-module/lecons/01-premiere.md:10: Lien cassé : la leçon « troisieme » n’existe pas dans ce module.',
      'content/mon-module/lecons/01-premiere.md:11: Lien cassé : l’exercice « x-unique » n’existe pas dans ce module.',
      'content/mon-module/lecons/01-premiere.md:17: Lien inconnu « fichier.pdf » : utilisez lecon:<id>, exercice:<id> ou une adresse https://.',
    ]);
  });

  it('checks that skills and lessons named by exercises and lessons exist in the module', async () => {
    const exercise = file('exercices/02-multiple.yaml')
      .replace('skill: un', 'skill: x-un')
      .replace('question:', 'lesson: absente\nquestion:');
    const lesson = file('lecons/02-deuxieme.md').replace('skills: [deux, trois]', 'skills: [deux, quatre]');
    expect(
      await problems({ 'mon-module/exercices/02-multiple.yaml': exercise, 'mon-module/lecons/02-deuxieme.md': lesson }),
    ).to.deep.equal([
      'content/mon-module/exercices/02-multiple.yaml:3: La compétence « x-un » n’existe pas dans module.yaml de ce module.',
      'content/mon-module/exercices/02-multiple.yaml:4: La leçon « absente » n’existe pas dans ce module.',
      'content/mon-module/lecons/02-deuxieme.md:5: La compétence « quatre » n’existe pas dans module.yaml de ce module.',
    ]);
  });

  it('checks answers, counts and zones inside exercises', async () => {
    const ex = (name: string) => file(`exercices/${name}`);
    const lines = await problems({
      'mon-module/exercices/01-unique.yaml': ex('01-unique.yaml').replace('answer: a', 'answer: c'),
      'mon-module/exercices/02-multiple.yaml': ex('02-multiple.yaml').replace('answers: [a, c]', 'answers: [a, a]'),
      'mon-module/exercices/05-ordre.yaml': ex('05-ordre.yaml').replace(
        /items:[\s\S]*?\nfeedback/,
        'items:\n  - { id: a, text: Seul }\nfeedback',
      ),
      'mon-module/exercices/06-associer.yaml': ex('06-associer.yaml').replace('right: Écrire', 'right: cliquer'),
      'mon-module/exercices/07-zone.yaml': ex('07-zone.yaml').replace('x: 10, y: 5, w: 80', 'x: 30, y: 5, w: 80'),
      'mon-module/exercices/08-situation.yaml': ex('08-situation.yaml').replace('kind: sms', 'kind: telephone'),
      'mon-module/exercices/04-court.yaml': ex('04-court.yaml').replace('type: reponse-courte', 'type: reponse-longue'),
    });
    expect(lines).to.deep.equal([
      'content/mon-module/exercices/01-unique.yaml:9: answer : La réponse « c » n’est pas parmi les choix (a, b).',
      'content/mon-module/exercices/02-multiple.yaml:9: answers n°2 : La réponse « a » est en double.',
      'content/mon-module/exercices/04-court.yaml:2: type : Type d’exercice inconnu. Types possibles : choix-unique, choix-multiple, vrai-faux, reponse-courte, remettre-en-ordre, associer, zone-image, situation, auto-evaluation.',
      'content/mon-module/exercices/05-ordre.yaml:5: items : Il faut au moins 2 étapes.',
      'content/mon-module/exercices/06-associer.yaml:7: pairs n°2 › right : Le texte de droite « cliquer » est en double.',
      'content/mon-module/exercices/07-zone.yaml:7: zones n°1 › w : La zone dépasse à droite : x + w doit être 100 ou moins.',
      'content/mon-module/exercices/08-situation.yaml:6: scene › kind : Le type d’écran est sms, courriel, formulaire, ecran.',
    ]);
  });

  it('infers an exact kind for typed answers with a digit or an address, and refuses them as words', async () => {
    const court = file('exercices/04-court.yaml');
    const catalogue = await loadContent(
      await writeContent({
        'mon-module/exercices/04-court.yaml': court.replace('answers: [arobase, arobas]', 'answers: [caf.fr, www.caf.fr]'),
      }),
    );
    expect(catalogue.exerciseById.get('court')).to.include({ kind: 'adresse-web' });
    const days = await loadContent(
      await writeContent({
        'mon-module/exercices/04-court.yaml': court.replace('answers: [arobase, arobas]', 'answers: ["14"]'),
      }),
    );
    expect(days.exerciseById.get('court')).to.include({ kind: 'nombre' });
    const words = await loadContent(await writeContent());
    expect(words.exerciseById.get('court')).to.include({ kind: 'mot' });
    expect(
      await problems({
        'mon-module/exercices/04-court.yaml': court.replace(
          'answers: [arobase, arobas]',
          'answers: [arobase, "14 jours"]\nkind: mot',
        ),
      }),
    ).to.deep.equal([
      'content/mon-module/exercices/04-court.yaml:5: answers n°2 : « 14 jours » a un nombre ou une adresse web : il faut une réponse exacte. Écrivez kind: nombre, montant, date, code ou adresse-web.',
    ]);
  });

  it('checks that the answer of a zone-image is one of its zones', async () => {
    const broken = file('exercices/07-zone.yaml').replace('answer: adresse', 'answer: menu');
    expect(await problems({ 'mon-module/exercices/07-zone.yaml': broken })).to.deep.equal([
      'content/mon-module/exercices/07-zone.yaml:9: answer : La réponse « menu » n’est pas parmi les zones (adresse, onglet).',
    ]);
  });

  it('checks the editorial rules: module id = folder, at least 8 exercises, a self-assessment per skill', async () => {
    const lines = await problems({
      'mon-module/module.yaml': file('module.yaml').replace('id: mon-module', 'id: mon-module-2'),
      'mon-module/exercices/12-auto-trois.yaml': null,
      'autre-module/exercices/05-ordre.yaml': null,
      'autre-module/exercices/02-multiple.yaml': null,
      'autre-module/exercices/03-vrai-faux.yaml': null,
      'autre-module/exercices/04-court.yaml': null,
    });
    expect(lines).to.deep.equal([
      'content/autre-module/module.yaml:1: Le module a 7 exercice(s) : il en faut au moins 8.',
      'content/mon-module/module.yaml:1: id « mon-module-2 » : il doit être le nom du dossier (« mon-module »).',
      'content/mon-module/module.yaml:16: La compétence « trois » n’a pas d’exercice auto-evaluation.',
    ]);
  });

  it('reports a lesson without front matter and unexpected files', async () => {
    expect(
      await problems({
        'mon-module/lecons/03-sans-entete.md': '# Titre\n\nTexte.\n',
        'mon-module/exercices/20-note.txt': 'brouillon',
      }),
    ).to.deep.equal([
      'content/mon-module/exercices/20-note.txt:1: Fichier inattendu : un exercice est un fichier .yaml.',
      'content/mon-module/lecons/03-sans-entete.md:1: La leçon doit commencer par un en-tête entre deux lignes --- (id, title, order, skills).',
    ]);
  });

  it('reports a module folder without module.yaml, and ignores other folders', async () => {
    expect(
      await problems({
        'mon-module/module.yaml': null,
        'mon-module/module.yml': file('module.yaml'),
        'brouillons/notes.md': '# Notes\n',
      }),
    ).to.deep.equal([
      'content/mon-module/module.yaml:1: Fichier manquant : ce dossier a des leçons ou des exercices mais pas de module.yaml.',
    ]);
  });

  it('lists every problem of every file in one error', async () => {
    const lines = await problems({
      'mon-module/module.yaml': file('module.yaml').replace('order: 2', 'order: deux'),
      'autre-module/exercices/03-vrai-faux.yaml': 'id: x-vf\ntype: vrai-faux\n',
    });
    expect(lines.length).to.be.greaterThan(3);
    expect(lines.some((l) => l.startsWith('content/mon-module/module.yaml:2: order :'))).to.equal(true);
    expect(lines.some((l) => l.startsWith('content/autre-module/exercices/03-vrai-faux.yaml:'))).to.equal(true);
  });
});

describe('imageFileFromUrl', () => {
  const root = path.resolve('/srv/content');
  it('maps an image URL to its file', () => {
    expect(imageFileFromUrl(root, '/contenu/mon-module/images/bouton.svg')).to.equal(
      path.join(root, 'mon-module', 'images', 'bouton.svg'),
    );
  });
  it('refuses .., encoded slashes, sub-folders and other shapes', () => {
    for (const url of [
      '/contenu/mon-module/images/../module.yaml',
      '/contenu/mon-module/images/..%2Fmodule.yaml',
      '/contenu/..%2F..%2Fetc/images/passwd.svg',
      '/contenu/mon-module/images/%2e%2e',
      '/contenu/mon-module/images/sub/x.svg',
      '/contenu/mon-module/lecons/01.md',
      '/contenu/mon-module/images/x.js',
      '/contenu/Mon-Module/images/x.svg',
      '/contenu/mon-module/images/%E0%A4%A',
    ]) {
      expect(imageFileFromUrl(root, url), url).to.equal(null);
    }
  });
});
