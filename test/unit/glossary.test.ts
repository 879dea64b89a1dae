import { expect } from 'chai';
import {
  acronymProblems,
  fold,
  parseGlossary,
  qualifyProblems,
  wordProblems,
  type Glossary,
  type ProseFile,
} from '../../src/features/workshops/glossary.js';

const glossary: Glossary = {
  qualify: [],
  terms: [
    { term: 'touche Effacer', meaning: 'La touche qui efface à gauche.', avoid: ['Retour arrière', 'Backspace'] },
    { term: 'espace multimédia', meaning: 'Le lieu du quartier.', avoid: ['espace numérique'] },
  ],
  acronyms: [{ acronym: 'CAF', spelledOut: "Caisse d'allocations familiales", alsoAccepted: [] }],
};

const file = (name: string, role: ProseFile['role'], lines: [number, string, boolean?][], moduleId = 'mod'): ProseFile => ({
  file: `content/${moduleId}/${name}`,
  moduleId,
  role,
  lines: lines.map(([line, text, heading]) => ({ line, text, heading: heading ?? false })),
});

describe('glossary: one word per thing', () => {
  it('folds case, accents and apostrophes', () => {
    expect(fold('Touche RETOUR Arrière’s')).to.equal("touche retour arriere's");
  });

  it('reports a word to avoid with its file, line and the word to write', () => {
    const problems = wordProblems(
      [
        file('lecons/01-a.md', 'lesson', [
          [3, 'Appuyez sur la touche retour arriere.'],
          [4, 'Allez à l’Espace Numérique.'],
        ]),
      ],
      glossary,
    );
    expect(problems).to.deep.equal([
      {
        file: 'content/mod/lecons/01-a.md',
        line: 3,
        message: '« Retour arrière » : écrivez « touche Effacer » (un mot pour une chose, voir glossaire.yaml).',
      },
      {
        file: 'content/mod/lecons/01-a.md',
        line: 4,
        message: '« espace numérique » : écrivez « espace multimédia » (un mot pour une chose, voir glossaire.yaml).',
      },
    ]);
  });

  it('matches whole words only', () => {
    expect(wordProblems([file('lecons/01-a.md', 'lesson', [[1, 'Les backspaces anglais.']])], glossary)).to.deep.equal([]);
  });

  it('reports partial negatives and inclusive-writing dots', () => {
    const problems = wordProblems(
      [
        file('exercices/01-x.yaml', 'exercise', [
          [5, 'Ce n’est pas toujours vrai.'],
          [6, 'Pas tout à fait.'],
          [7, 'Chaque résident·e vient seul.e.'],
          [8, 'Allez sur caf.fr et impots.gouv.fr, pas avant 8 h.'],
          [9, 'Ce lien ne marche pas. Toujours vérifier.'],
        ]),
      ],
      glossary,
    );
    expect(problems.map((p) => [p.line, p.message.split(' «')[0]])).to.deep.equal([
      [5, 'Négation partielle'],
      [6, 'Négation partielle'],
      [7, "Point de l'écriture inclusive"],
    ]);
  });

  it('wants the spelled-out acronym on the line of its first use in each module, lessons first', () => {
    const files = [
      file('exercices/01-x.yaml', 'exercise', [[4, 'Ouvrez votre compte CAF.']]),
      file('lecons/01-a.md', 'lesson', [
        [8, 'Étape 1 : le compte CAF', true],
        [9, 'La CAF (Caisse d’allocations familiales) verse les aides.'],
      ]),
      file('lecons/01-a.md', 'lesson', [[3, 'Allez sur le site de la CAF.']], 'autre'),
      file('module.yaml', 'module', [[2, 'Comptes CAF et Ameli']], 'troisieme'),
    ];
    expect(acronymProblems(files, glossary)).to.deep.equal([
      {
        file: 'content/autre/lecons/01-a.md',
        line: 3,
        message: "Premier emploi de « CAF » dans le module : écrivez aussi « Caisse d'allocations familiales » sur cette ligne.",
      },
    ]);
  });

  it('does not take a domain name or a word for an acronym', () => {
    const files = [file('lecons/01-a.md', 'lesson', [[3, 'Allez sur CAF.fr ou sur CAFE.']])];
    expect(acronymProblems(files, glossary)).to.deep.equal([]);
  });

  it('parses the glossary file and names the line of a mistake', () => {
    const ok = parseGlossary('terms:\n  - term: a\n    meaning: b\nacronyms: []\n', 'content/glossaire.yaml');
    expect(ok.glossary?.terms[0]).to.deep.equal({ term: 'a', meaning: 'b', avoid: [] });
    const bad = parseGlossary('terms: []\nacronyms:\n  - acronym: caf\n    spelledOut: x\n', 'content/glossaire.yaml');
    expect(bad.glossary).to.equal(null);
    expect(bad.problems).to.deep.equal([
      { file: 'content/glossaire.yaml', line: 3, message: 'acronyms › 0 › acronym : Un sigle est en capitales : CAF, CNIL.' },
    ]);
  });

  it('the real glossary parses', async () => {
    const { readFile } = await import('node:fs/promises');
    const { glossary: real, problems } = parseGlossary(
      await readFile('content/glossaire.yaml', 'utf8'),
      'content/glossaire.yaml',
    );
    expect(problems).to.deep.equal([]);
    expect(real?.acronyms.map((a) => a.acronym)).to.include.members(['CAF', 'CNIL', 'CLCV', 'CSF', 'SIM']);
  });
});

describe('glossary: a word that names several things', () => {
  const codes: Glossary = {
    terms: [],
    qualify: [{ word: 'code', meaning: 'Six choses.', write: ['code PIN', 'code postal', 'QR code', 'code de vérification'] }],
    acronyms: [],
  };

  it('accepts the word only inside one of its phrases, plurals included', () => {
    const problems = qualifyProblems(
      [
        file('lecons/01-a.md', 'lesson', [
          [1, 'Tapez le code PIN, puis les codes postaux et les QR codes.'],
          [2, 'Ne donnez jamais les codes de vérification.'],
          [3, 'Tapez le code.'],
          [4, 'Le code postal et un code reçu par SMS.'],
        ]),
      ],
      codes,
    );
    expect(problems.map((p) => p.line)).to.deep.equal([3, 4]);
    expect(problems[0]!.message).to.equal(
      '« code » seul : écrivez lequel (« code PIN », « code postal », « QR code », « code de vérification »).',
    );
  });

  it('reads crcn and pim on a term, both or neither', () => {
    const ok = parseGlossary(
      'terms:\n  - term: hameçonnage\n    meaning: Une arnaque.\n    crcn: "4.1"\n    pim: "Domaine 5 : Droits et règles d\'usage"\nacronyms: []\n',
      'g.yaml',
    );
    expect(ok.glossary?.terms[0]).to.include({ crcn: '4.1' });
    const half = parseGlossary(
      'terms:\n  - term: hameçonnage\n    meaning: Une arnaque.\n    crcn: "4.1"\nacronyms: []\n',
      'g.yaml',
    );
    expect(half.problems.map((p) => p.message)).to.deep.equal(['terms › 0 : Écrivez crcn et pim ensemble, ou aucun des deux.']);
  });
});
