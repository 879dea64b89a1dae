import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  checkContent,
  countWords,
  formatReport,
  markdownSentences,
  MAX_AVERAGE_WORDS,
  MIN_SCORED_PER_MODULE,
  readSentences,
  scoredCountProblems,
  splitSentences,
} from '../../src/features/workshops/content-checker.js';
import { formatProblem } from '../../src/features/workshops/content.loader.js';
import { readContentFiles } from '../../src/features/workshops/content-check.files.js';
import { EXERCISE_TYPES } from '../../src/features/workshops/content.schema.js';

describe('content checker: words and sentences', () => {
  it('counts words: apostrophes, hyphens and decimal marks inside a word do not cut it', () => {
    expect(countWords('Bonjour')).to.equal(1);
    expect(countWords("Aujourd'hui, c’est l’heure de double-cliquer.")).to.equal(5);
    // The slash of Mbit/s cuts: 9 words.
    expect(countWords('Le débit est de 1,5 ou 2.1 Mbit/s.')).to.equal(9);
    expect(countWords(' — « » ; : ! ')).to.equal(0);
    expect(countWords('Élève, âgé, ça')).to.equal(3);
  });

  it('cuts at . ! ? … followed by a space or the end, and at line breaks', () => {
    expect(splitSentences('Allumez. Attendez ! Ça marche ? Oui… Fin')).to.deep.equal([
      'Allumez.',
      'Attendez !',
      'Ça marche ?',
      'Oui…',
      'Fin',
    ]);
    expect(splitSentences('Première ligne\nDeuxième ligne')).to.deep.equal(['Première ligne', 'Deuxième ligne']);
    // Closing quotes stay with their sentence.
    expect(splitSentences('Cliquez sur « Arrêter ». Puis attendez.')).to.deep.equal([
      'Cliquez sur « Arrêter ».',
      'Puis attendez.',
    ]);
  });

  it('does not cut inside numbers, and ignores URLs, addresses and domain names', () => {
    expect(splitSentences('La compétence 2.1 compte.')).to.deep.equal(['La compétence 2.1 compte.']);
    const [sentence, ...rest] = splitSentences(
      'Allez sur impots.gouv.fr ou https://www.caf.fr/aides puis écrivez à a.b@orange.fr.',
    );
    expect(rest).to.deep.equal([]);
    expect(countWords(sentence ?? '')).to.equal(6); // Allez sur ou puis écrivez à
  });

  it('reads Markdown: list marks, emphasis, links and images are not words; code is skipped', () => {
    const body = [
      '## Étape 1 : un titre',
      '',
      '1. Un **mot** en [lien](lecon:autre). Deux.',
      '- ![Une image du clavier.](images/clavier.svg) Texte après.',
      '```',
      'du code avec beaucoup de mots qui ne comptent pas du tout ici ni ailleurs',
      '```',
      '| Colonne un | Colonne deux |',
    ].join('\n');
    expect(markdownSentences(body, 10)).to.deep.equal([
      { text: 'Étape 1 : un titre', words: 4, line: 10, heading: true },
      { text: 'Un mot en lien.', words: 4, line: 12, heading: false },
      { text: 'Deux.', words: 1, line: 12, heading: false },
      { text: 'Une image du clavier.', words: 4, line: 13, heading: false },
      { text: 'Texte après.', words: 2, line: 13, heading: false },
      { text: 'Colonne un', words: 2, line: 17, heading: false },
      { text: 'Colonne deux', words: 2, line: 17, heading: false },
    ]);
  });
});

describe('content checker: a tiny fixture', () => {
  let dir: string;
  const long = 'Vous allez cliquer sur le bouton vert en bas de la page pour envoyer votre demande à la caisse.';

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'checker-test-'));
    const root = path.join(dir, 'content', 'mon-module');
    await mkdir(path.join(root, 'lecons'), { recursive: true });
    await mkdir(path.join(root, 'exercices'), { recursive: true });
    await writeFile(
      path.join(root, 'module.yaml'),
      'id: mon-module\norder: 1\ntitle: Test\nsummary: Un résumé court.\npictogram: images/p.svg\npictogramAlt: Un dessin.\nskills: []\n',
    );
    await writeFile(
      path.join(root, 'lecons', '01-lecon.md'),
      `---\nid: lecon\ntitle: Leçon\norder: 1\nskills: [a]\n---\n\n## Étape 1\n\n1. Une phrase courte.\n2. ${long}\n`,
    );
    await writeFile(
      path.join(root, 'exercices', '01-ex.yaml'),
      `id: ex\ntype: vrai-faux\nskill: a\nquestion: "Vrai ou faux ?"\nstatement: Court.\nanswer: true\nfeedback:\n  right: "Bravo."\n  wrong: |\n    Non.\n    ${long}\n`,
    );
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each over-long sentence with its file and line', async () => {
    const report = await checkContent(path.join(dir, 'content'));
    const lines = report.problems.map(formatProblem);
    expect(lines).to.include(
      `content/mon-module/lecons/01-lecon.md:11: Phrase trop longue (19 mots, 15 au plus) : « ${long.slice(0, 87)}… ».`,
    );
    expect(lines.some((l) => l.startsWith('content/mon-module/exercices/01-ex.yaml:11: Phrase trop longue (19 mots'))).to.equal(
      true,
    );
    // The loader's own problems come too (here: no skills), and the check fails.
    expect(lines.some((l) => l.startsWith('content/mon-module/module.yaml:'))).to.equal(true);
    expect(report.ok).to.equal(false);
    expect(report.catalogue).to.equal(null);
  });

  it('finds the sentences of every text field, with their lines', async () => {
    const files = await readSentences(path.join(dir, 'content'));
    const ex = files.find((f) => f.file.endsWith('01-ex.yaml'));
    expect(ex?.sentences.map((s) => [s.line, s.words])).to.deep.equal([
      [4, 3],
      [5, 1],
      [8, 1],
      [10, 1],
      [11, 19],
    ]);
  });
});

describe('content checker: scored exercises per module and per skill', function () {
  this.timeout(20_000);

  it('reports a module under 8 scored exercises and a skill under 2, at the skill line', async () => {
    const { catalogue } = await checkContent('content');
    const real = catalogue!.moduleById.get('internet-un-euro')!;
    // Keep one scored exercise of eur-appeler and drop every scored one of eur-charges.
    const exercises = real.exercises.filter(
      (e) => e.type === 'auto-evaluation' || (e.skill !== 'eur-charges' && e.id !== 'eur-ordre-panne'),
    );
    const lessened = { ...catalogue!, modules: [{ ...real, exercises }] };
    const problems = scoredCountProblems(await readContentFiles('content'), lessened).map(formatProblem);
    expect(problems).to.deep.equal([
      'content/internet-un-euro/module.yaml:1: Le module a 5 exercice(s) noté(s) : il en faut au moins 8.',
      'content/internet-un-euro/module.yaml:12: La compétence « eur-charges » a 0 exercice(s) noté(s) : il en faut au moins 2.',
      'content/internet-un-euro/module.yaml:16: La compétence « eur-appeler » a 1 exercice(s) noté(s) : il en faut au moins 2.',
    ]);
  });
});

describe('content checker: the real content/', function () {
  this.timeout(20_000);

  it('passes: no problem, short sentences, enough skills and exercises of every type', async () => {
    const report = await checkContent('content');
    expect(report.problems.map(formatProblem)).to.deep.equal([]);
    expect(report.catalogue, 'the content loads').to.not.equal(null);
    expect(report.totals.averageWords).to.be.at.most(MAX_AVERAGE_WORDS);
    expect(report.totals.modules).to.equal(14);
    expect(report.totals.skills).to.be.at.least(69);
    expect(report.totals.exercises).to.be.at.least(216);
    for (const type of EXERCISE_TYPES) expect(report.totals.byType[type], type).to.be.greaterThan(0);
    for (const m of report.modules) {
      expect(m.skills, m.id).to.be.within(3, 6);
      expect(m.exercises, m.id).to.be.at.least(8);
      expect(m.exercises - m.byType['auto-evaluation'], `${m.id}: scored exercises`).to.be.at.least(MIN_SCORED_PER_MODULE);
    }
    expect(report.ok).to.equal(true);
    expect(formatReport(report)).to.match(/Longueur moyenne des phrases : \d+\.\d mots/);
  });
});

/** A small module that every rule accepts; each test below breaks one thing. */
function ruleFixture(): Record<string, string> {
  const feedback = 'feedback:\n  right: "Bravo."\n  wrong: "Non. Relisez la leçon."\n';
  const choice = (id: string, skill: string, answer: string, quote: string) =>
    `id: ${id}\ntype: choix-unique\nskill: ${skill}\nlesson: lecon\ntaught: "${quote}"\nquestion: "Quel bouton ?"\n` +
    `options:\n  - { id: a, text: "Le bouton rond" }\n  - { id: b, text: "Le bouton carré" }\n  - { id: c, text: "Le bouton plat" }\nanswer: ${answer}\n${feedback}`;
  const vf = (id: string, skill: string) =>
    `id: ${id}\ntype: vrai-faux\nskill: ${skill}\nlesson: lecon\ntaught: "Appuyez sur le bouton rond."\nquestion: "Vrai ou faux ?"\nstatement: "Le bouton rond allume."\nanswer: true\n${feedback}`;
  const files: Record<string, string> = {
    'glossaire.yaml':
      'terms:\n  - term: hameçonnage\n    meaning: "Une arnaque."\n    crcn: "4.1"\n    pim: "Domaine 5 : Droits et règles d\'usage"\n' +
      'qualify:\n  - word: code\n    meaning: "Lequel ?"\n    write: [code PIN, code postal]\nacronyms: []\n',
    'mod/module.yaml':
      'id: mod\norder: 1\ntitle: Test\nsummary: Un module.\npictogram: images/p.svg\npictogramAlt: Un dessin.\nskills:\n' +
      ['un', 'deux', 'trois']
        .map((n) => `  - id: ${n}\n    title: Compétence ${n}\n    crcn: "5.2"\n    pim: "Domaine 1 : Équipement informatique"\n`)
        .join(''),
    'mod/images/p.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'mod/lecons/01-lecon.md':
      '---\nid: lecon\ntitle: Leçon\norder: 1\nskills: [un, deux, trois]\n---\n\n## Étape 1 : le bouton\n\n1. Appuyez sur le bouton rond.\n2. Le bouton carré éteint.\n\n## Étape 2 : le numéro\n\n1. Appelez le 3179.\n2. Vérifié en décembre 2026 sur service-public.gouv.fr.\n',
  };
  ['un', 'deux', 'trois'].forEach((skill, i) => {
    files[`mod/exercices/0${i}1-${skill}.yaml`] = choice(
      `${skill}-choix`,
      skill,
      ['a', 'b', 'c'][i]!,
      'Appuyez sur le bouton rond.',
    );
    files[`mod/exercices/0${i}2-${skill}.yaml`] = vf(`${skill}-vf`, skill);
    files[`mod/exercices/0${i}3-${skill}.yaml`] =
      `id: ${skill}-auto\ntype: auto-evaluation\nskill: ${skill}\nquestion: "Savez-vous ?"\n`;
  });
  // 8 scored exercises at least.
  files['mod/exercices/031-un.yaml'] = vf('un-vf-2', 'un');
  files['mod/exercices/032-deux.yaml'] = vf('deux-vf-2', 'deux');
  return files;
}

describe('content checker: the rules of points 3 to 7, on a fixture', function () {
  this.timeout(20_000);
  const NOW = new Date('2026-12-07T10:00:00Z');
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function check(changes: Record<string, string | null> = {}): Promise<string[]> {
    dir = await mkdtemp(path.join(tmpdir(), 'rules-test-'));
    const files = { ...ruleFixture(), ...changes };
    for (const [rel, text] of Object.entries(files)) {
      if (text === null) continue;
      const file = path.join(dir, 'content', rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
    }
    return (await checkContent(path.join(dir, 'content'), NOW)).problems.map(formatProblem);
  }
  const short = (samples: string) =>
    'id: court\ntype: reponse-courte\nskill: un\nlesson: lecon\ntaught: "Appelez le 3179."\nverified: "décembre 2026"\nquestion: "Quel numéro ?"\n' +
    `answers: ["3179"]\nkind: nombre\n${samples}feedback:\n  right: "Bravo."\n  wrong: "Non."\n`;

  it('accepts the fixture as it is', async () => {
    expect(await check()).to.deep.equal([]);
  });

  it('fails when a right sample is refused or a wrong one accepted, and wants samples', async () => {
    const problems = await check({
      'mod/exercices/04-court.yaml': short('samples:\n  right: ["3179", "31 79", "trois"]\n  wrong: ["3197", "le 3179"]\n'),
      'mod/exercices/05-sans.yaml': short('').replace('id: court', 'id: sans'),
    });
    expect(problems).to.include.members([
      'content/mod/exercices/04-court.yaml:11: La réponse juste « trois » est refusée (nombre) : ajoutez-la à answers, ou changez kind.',
      'content/mod/exercices/04-court.yaml:12: La réponse fausse « le 3179 » est acceptée (nombre) : retirez la réponse trop large de answers.',
      'content/mod/exercices/05-sans.yaml:8: Donnez des réponses à essayer : samples: { right: [...], wrong: [...] } (voir README.md).',
    ]);
  });

  it('wants each scored exercise to name its lesson and quote what it teaches', async () => {
    const base = ruleFixture()['mod/exercices/001-un.yaml']!;
    const problems = await check({
      'mod/exercices/001-un.yaml': base.replace('taught: "Appuyez sur le bouton rond."', 'taught: "Appuyez sur le bouton vert."'),
      'mod/exercices/011-deux.yaml': ruleFixture()['mod/exercices/011-deux.yaml']!.replace(/taught: .*\n/, ''),
      'mod/exercices/021-trois.yaml': ruleFixture()['mod/exercices/021-trois.yaml']!.replace('lesson: lecon\n', ''),
    });
    expect(problems).to.include.members([
      'content/mod/exercices/001-un.yaml:5: La leçon « lecon » ne dit pas : « Appuyez sur le bouton vert. ». Citez une phrase de la leçon, ou enseignez-la d’abord.',
      'content/mod/exercices/011-deux.yaml:4: Citez la phrase de la leçon qui enseigne la réponse : taught: "…" (voir README.md).',
      'content/mod/exercices/021-trois.yaml:3: Un exercice noté nomme sa leçon : lesson: <id de la leçon>.',
    ]);
  });

  it('wants every fact that can change dated, and no date in the future', async () => {
    const lesson = ruleFixture()['mod/lecons/01-lecon.md']!;
    const problems = await check({
      'mod/lecons/01-lecon.md': lesson
        .replace('2. Vérifié en décembre 2026 sur service-public.gouv.fr.\n', '')
        .replace('2. Le bouton carré éteint.', '2. Le bouton carré éteint. Vérifié en janvier 2027.'),
      'mod/exercices/012-deux.yaml': ruleFixture()['mod/exercices/012-deux.yaml']!.replace(
        'right: "Bravo."',
        'right: "Bravo. Depuis le 1er juin 2025, la loi le dit."',
      ),
    });
    expect(problems).to.include.members([
      'content/mod/lecons/01-lecon.md:11: Cette date de vérification est dans le futur.',
      'content/mod/lecons/01-lecon.md:15: Un fait qui peut changer (un numéro court) : datez-le dans cette étape, « Vérifié en <mois> <année> sur <site officiel>. »',
      'content/mod/exercices/012-deux.yaml:10: Un fait qui peut changer (une date) : ajoutez verified: "<mois> <année>" quand il est vérifié sur un site officiel.',
    ]);
  });

  it('reports the place and the length of right options as cues, and options in two persons', async () => {
    const changes: Record<string, string> = {};
    ['un', 'deux', 'trois'].forEach((skill, i) => {
      changes[`mod/exercices/0${i}1-${skill}.yaml`] = ruleFixture()[`mod/exercices/0${i}1-${skill}.yaml`]!.replace(
        /answer: [abc]/,
        'answer: a',
      );
    });
    const first = ruleFixture()['mod/exercices/001-un.yaml']!;
    for (const n of [4, 5, 7]) {
      changes[`mod/exercices/0${n}-plus.yaml`] = first
        .replace('id: un-choix', `id: plus-${n}`)
        .replace('"Le bouton rond"', '"Le bouton rond, en haut"');
    }
    changes['mod/exercices/06-personne.yaml'] = first
      .replace('id: un-choix', 'id: personne')
      .replace('"Le bouton carré"', '"Je touche le bouton carré"');
    const problems = await check(changes);
    expect(problems).to.include.members([
      'content/mod/module.yaml:1: Module « mod » : la bonne réponse est le choix n°1 dans 7 exercices sur 7 (100 %) : 40 % au plus à une même place.',
      'content/mod/module.yaml:1: Module « mod » : la bonne réponse est la plus longue dans 3 exercices sur 7 (43 %) : 40 % au plus.',
      'content:1: Tous les modules : la bonne réponse est le choix n°1 dans 7 exercices sur 7 (100 %) : 40 % au plus à une même place.',
      'content/mod/exercices/06-personne.yaml:7: Les choix parlent à la même personne : tous avec « je », ou aucun.',
    ]);
  });

  it('gives one code to one thing, and wants two types of exercises per skill', async () => {
    const problems = await check({
      'mod/module.yaml': ruleFixture()['mod/module.yaml']!.replace('title: Compétence un', 'title: Repérer un hameçonnage'),
      'mod/exercices/011-deux.yaml': ruleFixture()['mod/exercices/012-deux.yaml']!.replace('id: deux-vf', 'id: deux-vf-bis'),
    });
    expect(problems).to.include.members([
      'content/mod/module.yaml:10: La compétence « un » parle de « hameçonnage » : crcn "4.1" et pim "Domaine 5 : Droits et règles d\'usage", comme dans tous les modules (glossaire.yaml).',
      'content/mod/module.yaml:12: La compétence « deux » n’a que des exercices vrai-faux : variez, avec au moins 2 types d’exercices notés.',
    ]);
  });

  it('wants a word that names several things written with its precision', async () => {
    const lesson = ruleFixture()['mod/lecons/01-lecon.md']!;
    const problems = await check({
      'mod/lecons/01-lecon.md': lesson.replace('2. Le bouton carré éteint.', '2. Tapez le code. Puis le code postal.'),
    });
    expect(problems).to.include(
      'content/mod/lecons/01-lecon.md:11: « code » seul : écrivez lequel (« code PIN », « code postal »).',
    );
  });
});
