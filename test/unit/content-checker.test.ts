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
