import { expect } from 'chai';
import {
  displayOrder,
  isRightOrder,
  editDistance,
  matchesShortAnswer,
  normalizeAnswer,
  parseAnswer,
  scoreAnswer,
  type ExerciseResult,
  type ScoredResult,
} from '../../src/features/exercises/scoring.js';
import type {
  Exercise,
  MatchingExercise,
  MultipleChoiceExercise,
  OrderingExercise,
  Rich,
  SelfAssessmentExercise,
  ShortAnswerExercise,
  SingleChoiceExercise,
  SituationExercise,
  TrueFalseExercise,
  ZoneImageExercise,
} from '../../src/features/catalogue/index.js';
import { BadInput } from '../../src/platform/errors.js';

const rich = (text: string): Rich => ({ text, html: text });
const base = {
  moduleId: 'mod',
  file: '01-x.yaml',
  skill: 'skill',
  question: rich('Question ?'),
  feedback: { right: rich('Bravo.'), wrong: rich('Non.') },
};
const choices = (...ids: string[]) => ids.map((id) => ({ id, text: rich(`Texte ${id}`) }));

const single: SingleChoiceExercise = {
  ...base,
  id: 'single',
  type: 'choix-unique',
  options: choices('a', 'b', 'c'),
  answer: 'b',
};
const situation: SituationExercise = {
  ...base,
  id: 'sms',
  type: 'situation',
  scene: { kind: 'sms', from: '+33 6', subject: '', body: 'Cliquez ici', fields: [] },
  options: choices('cliquer', 'supprimer'),
  answer: 'supprimer',
};
const multiple: MultipleChoiceExercise = {
  ...base,
  id: 'multi',
  type: 'choix-multiple',
  options: choices('a', 'b', 'c', 'd'),
  answers: ['a', 'c'],
};
const trueFalse: TrueFalseExercise = {
  ...base,
  id: 'vf',
  type: 'vrai-faux',
  statement: rich('La Terre est plate.'),
  answer: false,
};
const short: ShortAnswerExercise = {
  ...base,
  id: 'court',
  type: 'reponse-courte',
  answers: ['arobase', 'arobas'],
  kind: 'mot',
};
const shortAddress: ShortAnswerExercise = {
  ...base,
  id: 'court-adresse',
  type: 'reponse-courte',
  answers: ['caf.fr'],
  kind: 'adresse-web',
};
const shortDays: ShortAnswerExercise = {
  ...base,
  id: 'court-jours',
  type: 'reponse-courte',
  answers: ['14', '14 jours', 'quatorze'],
  kind: 'nombre',
};
const ordering: OrderingExercise = { ...base, id: 'ordre', type: 'remettre-en-ordre', items: choices('a', 'b', 'c', 'd') };
const matching: MatchingExercise = {
  ...base,
  id: 'assoc',
  type: 'associer',
  pairs: [
    { id: 'souris', left: rich('Souris'), right: rich('Pour cliquer') },
    { id: 'clavier', left: rich('Clavier'), right: rich('Pour écrire') },
    { id: 'ecran', left: rich('Écran'), right: rich('Pour voir') },
  ],
};
const zone: ZoneImageExercise = {
  ...base,
  id: 'zone',
  type: 'zone-image',
  image: { url: '/contenu/mod/images/nav.svg', alt: 'Un navigateur' },
  zones: [
    { id: 'adresse', label: rich('La barre d’adresse'), x: 10, y: 5, w: 80, h: 8 },
    { id: 'onglet', label: rich('Un onglet'), x: 0, y: 0, w: 20, h: 5 },
  ],
  answer: 'adresse',
};
const selfAssessment: SelfAssessmentExercise = {
  id: 'auto',
  type: 'auto-evaluation',
  moduleId: base.moduleId,
  file: base.file,
  skill: base.skill,
  question: base.question,
};

function expectRefused(exercise: Exercise, body: Record<string, unknown>, key: string): void {
  let thrown: unknown;
  try {
    parseAnswer(exercise, body);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, JSON.stringify(body)).to.be.instanceOf(BadInput);
  expect((thrown as BadInput).key).to.equal(key);
  expect((thrown as BadInput).status).to.equal(400);
}
const expectMalformed = (exercise: Exercise, body: Record<string, unknown>) =>
  expectRefused(exercise, body, 'exercises.errors.malformed');
/** Nothing chosen or typed: not an answer, never scored. */
const expectEmpty = (exercise: Exercise, body: Record<string, unknown>) =>
  expectRefused(exercise, body, 'exercises.errors.empty');

const run = (exercise: Exercise, body: Record<string, unknown>): ExerciseResult =>
  scoreAnswer(exercise, parseAnswer(exercise, body));
function scored(exercise: Exercise, body: Record<string, unknown>): ScoredResult {
  const result = run(exercise, body);
  if (result.kind !== 'scored') throw new Error('expected a scored result');
  return result;
}

describe('scoring', () => {
  describe('choix-unique', () => {
    it('scores the right option', () => {
      const result = scored(single, { answer: 'b', _csrf: 'token' });
      expect(result).to.include({ correct: true, score: 1 });
      expect(result.solution).to.deep.equal({ kind: 'choices', choices: [{ id: 'b', text: rich('Texte b') }] });
    });
    it('scores a wrong option', () => {
      expect(scored(single, { answer: 'a' })).to.include({ correct: false, score: 0 });
    });
    it('refuses an unknown option, an array; a missing field is an empty answer', () => {
      expectMalformed(single, { answer: 'z' });
      expectMalformed(single, { answer: ['a', 'b'] });
      expectEmpty(single, {});
      expectEmpty(single, { answer: '' });
    });
    it('does not read inherited properties', () => {
      expectEmpty(single, Object.create({ answer: 'b' }) as Record<string, unknown>);
    });
  });

  describe('situation', () => {
    it('scores right and wrong', () => {
      expect(scored(situation, { answer: 'supprimer' })).to.include({ correct: true, score: 1 });
      expect(scored(situation, { answer: 'cliquer' })).to.include({ correct: false, score: 0 });
    });
    it('refuses malformed answers', () => {
      expectMalformed(situation, { answer: 'appeler' });
      expectMalformed(situation, { answer: ['supprimer'] });
    });
  });

  describe('choix-multiple', () => {
    it('needs all the right options and no wrong one', () => {
      const result = scored(multiple, { answer: ['c', 'a'] });
      expect(result).to.include({ correct: true, score: 1 });
      expect(result.solution).to.deep.equal({ kind: 'choices', choices: choices('a', 'c') });
      expect(result.perItem?.every((item) => item.correct)).to.equal(true);
    });
    it('gives partial credit for some right options', () => {
      const result = scored(multiple, { answer: 'a' });
      expect(result).to.include({ correct: false, score: 0.5 });
      expect(result.perItem).to.deep.equal([
        { id: 'a', correct: true },
        { id: 'b', correct: true },
        { id: 'c', correct: false },
        { id: 'd', correct: true },
      ]);
    });
    it('lets a wrong tick cancel a right one', () => {
      expect(scored(multiple, { answer: ['a', 'b'] })).to.include({ correct: false, score: 0 });
      expect(scored(multiple, { answer: ['a', 'b', 'c', 'd'] })).to.include({ correct: false, score: 0 });
    });
    it('refuses no ticked box as an empty answer', () => {
      expectEmpty(multiple, {});
    });
    it('refuses unknown ids, duplicates and non-strings', () => {
      expectMalformed(multiple, { answer: ['a', 'z'] });
      expectMalformed(multiple, { answer: ['a', 'a'] });
      expectMalformed(multiple, { answer: [1] });
      expectMalformed(multiple, { answer: { a: 'a' } });
    });
  });

  describe('vrai-faux', () => {
    it('scores right and wrong', () => {
      const right = scored(trueFalse, { answer: 'false' });
      expect(right).to.include({ correct: true, score: 1 });
      expect(right.solution).to.deep.equal({ kind: 'true-false', value: false });
      expect(scored(trueFalse, { answer: 'true' })).to.include({ correct: false, score: 0 });
    });
    it('refuses other values', () => {
      expectMalformed(trueFalse, { answer: 'vrai' });
      expectMalformed(trueFalse, { answer: ['true'] });
      expectEmpty(trueFalse, {});
    });
  });

  describe('reponse-courte', () => {
    it('accepts any accepted answer, tolerantly', () => {
      expect(scored(short, { answer: '  Arobas. ' })).to.include({ correct: true, score: 1 });
      expect(scored(short, { answer: 'arobaze' })).to.include({ correct: true });
    });
    it('refuses a wrong answer and shows the accepted ones', () => {
      const result = scored(short, { answer: 'dièse' });
      expect(result).to.include({ correct: false, score: 0 });
      expect(result.solution).to.deep.equal({ kind: 'text', accepted: ['arobase', 'arobas'] });
    });
    it('refuses a blank answer as empty, never scores it', () => {
      expectEmpty(short, { answer: '   ' });
    });
    it('never forgives a typo in a web address: a lookalike is wrong', () => {
      expect(scored(shortAddress, { answer: 'https://www.CAF.fr/' })).to.include({ correct: true });
      expect(scored(shortAddress, { answer: 'cafe.fr' })).to.include({ correct: false });
      expect(scored(shortAddress, { answer: 'caf.fe' })).to.include({ correct: false });
    });
    it('never forgives a typo in a number', () => {
      expect(scored(shortDays, { answer: '14 JOURS' })).to.include({ correct: true });
      expect(scored(shortDays, { answer: '15' })).to.include({ correct: false });
      expect(scored(shortDays, { answer: '15 jours' })).to.include({ correct: false });
      expect(scored(shortDays, { answer: '140' })).to.include({ correct: false });
    });
    it('refuses an over-long text, an array; a missing field is empty', () => {
      expectMalformed(short, { answer: 'a'.repeat(201) });
      expectMalformed(short, { answer: ['arobase', 'arobas'] });
      expectEmpty(short, {});
      expect(() => parseAnswer(short, { answer: 'a'.repeat(200) })).not.to.throw();
    });
  });

  describe('remettre-en-ordre', () => {
    const body = (...ids: string[]) => Object.fromEntries(ids.map((id, i) => [`position-${i + 1}`, id]));
    it('scores the right order', () => {
      const result = scored(ordering, body('a', 'b', 'c', 'd'));
      expect(result).to.include({ correct: true, score: 1 });
      expect(result.solution).to.deep.equal({ kind: 'order', items: ordering.items });
    });
    it('gives partial credit per position', () => {
      const result = scored(ordering, body('a', 'b', 'd', 'c'));
      expect(result).to.include({ correct: false, score: 0.5 });
      expect(result.perItem).to.deep.equal([
        { id: 'a', correct: true },
        { id: 'b', correct: true },
        { id: 'd', correct: false },
        { id: 'c', correct: false },
      ]);
      expect(scored(ordering, body('d', 'c', 'b', 'a'))).to.include({ score: 0 });
    });
    it('refuses a duplicated item, a missing position, an unknown item, an extra position', () => {
      expectMalformed(ordering, body('a', 'a', 'c', 'd'));
      expectEmpty(ordering, body('a', 'b', 'c'));
      expectEmpty(ordering, body('a', 'b', 'c', ''));
      expectMalformed(ordering, body('a', 'b', 'c', 'z'));
      expectMalformed(ordering, { ...body('a', 'b', 'c', 'd'), 'position-5': 'a' });
      expectMalformed(ordering, { ...body('a', 'b', 'c'), 'position-4': ['d'] });
    });
  });

  describe('associer', () => {
    it('scores all pairs right', () => {
      const result = scored(matching, { 'match-souris': 'souris', 'match-clavier': 'clavier', 'match-ecran': 'ecran' });
      expect(result).to.include({ correct: true, score: 1 });
      expect(result.solution).to.deep.equal({ kind: 'pairs', pairs: matching.pairs });
    });
    it('gives partial credit per pair, even when a right-hand text is used twice', () => {
      const result = scored(matching, { 'match-souris': 'souris', 'match-clavier': 'souris', 'match-ecran': 'ecran' });
      expect(result.correct).to.equal(false);
      expect(result.score).to.be.closeTo(2 / 3, 1e-9);
      expect(result.perItem).to.deep.equal([
        { id: 'souris', correct: true },
        { id: 'clavier', correct: false },
        { id: 'ecran', correct: true },
      ]);
    });
    it('refuses a missing pair, an unknown right, an unknown left, an array', () => {
      expectEmpty(matching, { 'match-souris': 'souris', 'match-clavier': 'clavier' });
      expectMalformed(matching, { 'match-souris': 'souris', 'match-clavier': 'clavier', 'match-ecran': 'tv' });
      expectMalformed(matching, {
        'match-souris': 'souris',
        'match-clavier': 'clavier',
        'match-ecran': 'ecran',
        'match-tv': 'ecran',
      });
      expectMalformed(matching, { 'match-souris': ['souris'], 'match-clavier': 'clavier', 'match-ecran': 'ecran' });
    });
  });

  describe('zone-image', () => {
    it('scores right and wrong, and shows the right zone', () => {
      const right = scored(zone, { answer: 'adresse' });
      expect(right).to.include({ correct: true, score: 1 });
      expect(right.solution).to.deep.equal({ kind: 'zone', zone: zone.zones[0] });
      expect(scored(zone, { answer: 'onglet' })).to.include({ correct: false, score: 0 });
    });
    it('refuses an unknown zone', () => {
      expectMalformed(zone, { answer: 'menu' });
      expectEmpty(zone, {});
    });
  });

  describe('auto-evaluation', () => {
    it('records the level and always counts', () => {
      for (const level of ['pas-encore', 'avec-aide', 'seul'] as const) {
        expect(run(selfAssessment, { answer: level })).to.deep.equal({ kind: 'self-assessment', correct: true, score: 1, level });
      }
    });
    it('refuses other levels', () => {
      expectMalformed(selfAssessment, { answer: 'expert' });
      expectMalformed(selfAssessment, { answer: ['seul'] });
      expectEmpty(selfAssessment, {});
    });
  });

  it('refuses an answer of another type', () => {
    expect(() => scoreAnswer(single, { type: 'zone-image', zone: 'adresse' })).to.throw(BadInput);
  });
});

describe('tolerant short answers', () => {
  it('normalizes case, accents, ligatures, spaces, quotes and trailing punctuation', () => {
    expect(normalizeAnswer('  Élève   À  l’ÉCOLE !! ')).to.equal("eleve a l'ecole");
    expect(normalizeAnswer('« Cœur »')).to.equal('coeur');
    expect(normalizeAnswer('impots.gouv.fr.')).to.equal('impots.gouv.fr');
  });

  it('ignores accents, case and spaces', () => {
    expect(matchesShortAnswer('NAVIGATEUR', ['navigateur'])).to.equal(true);
    expect(matchesShortAnswer('hameconnage', ['hameçonnage'])).to.equal(true);
    expect(matchesShortAnswer('  carte   vitale ', ['Carte Vitale'])).to.equal(true);
    expect(matchesShortAnswer('Corbeille ?', ['corbeille'])).to.equal(true);
  });

  it('accepts one typo: substitution, missing or extra letter, swapped letters', () => {
    expect(matchesShortAnswer('corbeile', ['corbeille'])).to.equal(true);
    expect(matchesShortAnswer('corbeillle', ['corbeille'])).to.equal(true);
    expect(matchesShortAnswer('corbielle', ['corbeille'])).to.equal(true);
    expect(matchesShortAnswer('corbaille', ['corbeille'])).to.equal(true);
  });

  it('refuses two typos', () => {
    expect(matchesShortAnswer('corbail', ['corbeille'])).to.equal(false);
    expect(matchesShortAnswer('crobeile', ['corbeille'])).to.equal(false);
  });

  it('is strict for words shorter than 4 characters', () => {
    expect(matchesShortAnswer('PDF', ['pdf'])).to.equal(true);
    expect(matchesShortAnswer('pdg', ['pdf'])).to.equal(false);
    expect(matchesShortAnswer('pd', ['pdf'])).to.equal(false);
    expect(matchesShortAnswer('wifi', ['wifi'])).to.equal(true);
    expect(matchesShortAnswer('wiif', ['wifi'])).to.equal(true);
  });

  it('keeps the typo tolerance for ordinary words only (mot is the default)', () => {
    expect(matchesShortAnswer('piece jointte', ['pièce jointe'])).to.equal(true);
    expect(matchesShortAnswer('piece jointte', ['pièce jointe'], 'mot')).to.equal(true);
    expect(matchesShortAnswer('piece jointte', ['pièce jointe'], 'code')).to.equal(false);
  });

  it('nombre: exact, spaces and case aside', () => {
    expect(matchesShortAnswer('14', ['14'], 'nombre')).to.equal(true);
    expect(matchesShortAnswer(' 1 4 ', ['14'], 'nombre')).to.equal(true);
    expect(matchesShortAnswer('Quatorze', ['quatorze'], 'nombre')).to.equal(true);
    expect(matchesShortAnswer('15', ['14'], 'nombre')).to.equal(false);
    expect(matchesShortAnswer('41', ['14'], 'nombre')).to.equal(false);
    expect(matchesShortAnswer('quatorse', ['quatorze'], 'nombre')).to.equal(false);
  });

  it('montant: exact, spaces aside', () => {
    expect(matchesShortAnswer('1 €', ['1 €'], 'montant')).to.equal(true);
    expect(matchesShortAnswer('1€', ['1 €'], 'montant')).to.equal(true);
    expect(matchesShortAnswer('7 €', ['1 €'], 'montant')).to.equal(false);
    expect(matchesShortAnswer('1 $', ['1 €'], 'montant')).to.equal(false);
  });

  it('date: exact, spaces and accents aside', () => {
    expect(matchesShortAnswer('14 Octobre 2025', ['14 octobre 2025'], 'date')).to.equal(true);
    expect(matchesShortAnswer('13 octobre 2025', ['14 octobre 2025'], 'date')).to.equal(false);
    expect(matchesShortAnswer('14 octobre 2026', ['14 octobre 2025'], 'date')).to.equal(false);
    expect(matchesShortAnswer('fevrier', ['février'], 'date')).to.equal(true);
  });

  it('code: exact, case and spaces aside', () => {
    expect(matchesShortAnswer('ab 12 cd', ['AB12CD'], 'code')).to.equal(true);
    expect(matchesShortAnswer('AB12CE', ['AB12CD'], 'code')).to.equal(false);
    expect(matchesShortAnswer('AB21CD', ['AB12CD'], 'code')).to.equal(false);
  });

  it('adresse-web: exact, protocol, www and final slash aside', () => {
    expect(matchesShortAnswer('caf.fr', ['caf.fr'], 'adresse-web')).to.equal(true);
    expect(matchesShortAnswer('HTTPS://WWW.caf.fr/', ['caf.fr'], 'adresse-web')).to.equal(true);
    expect(matchesShortAnswer('www.caf.fr', ['https://www.caf.fr'], 'adresse-web')).to.equal(true);
    expect(matchesShortAnswer('cafe.fr', ['caf.fr'], 'adresse-web')).to.equal(false);
    expect(matchesShortAnswer('caf.com', ['caf.fr'], 'adresse-web')).to.equal(false);
    expect(matchesShortAnswer('signal.conso.gouv.fr', ['signal.conso.gouv.fr'], 'adresse-web')).to.equal(true);
    expect(matchesShortAnswer('signal-conso.gouv.fr', ['signal.conso.gouv.fr'], 'adresse-web')).to.equal(false);
  });

  it('matches exactly an answer with a digit or an address even when it is declared a word', () => {
    expect(matchesShortAnswer('cafe.fr', ['caf.fr'])).to.equal(false);
    expect(matchesShortAnswer('15 jours', ['14 jours'])).to.equal(false);
    expect(matchesShortAnswer('14 jours', ['14 jours'])).to.equal(true);
  });

  it('refuses an empty answer', () => {
    expect(matchesShortAnswer(' . ', ['.'])).to.equal(false);
  });

  it('computes Damerau-Levenshtein distances', () => {
    expect(editDistance('', '')).to.equal(0);
    expect(editDistance('abc', '')).to.equal(3);
    expect(editDistance('abcd', 'acbd')).to.equal(1);
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('été', 'ete')).to.equal(2);
  });
});

describe('displayOrder', () => {
  it('is the same for the same seed', () => {
    expect(displayOrder(ordering, 'user-1')).to.deep.equal(displayOrder(ordering, 'user-1'));
    expect(displayOrder(matching, 'user-1')).to.deep.equal(displayOrder(matching, 'user-1'));
  });

  it('is a permutation that is never the solution order', () => {
    const two: OrderingExercise = { ...ordering, items: choices('a', 'b') };
    for (let i = 0; i < 200; i++) {
      for (const exercise of [ordering, matching, two]) {
        const order = displayOrder(exercise, `seed-${i}`);
        const solution = exercise.type === 'associer' ? exercise.pairs.map((p) => p.id) : exercise.items.map((item) => item.id);
        expect([...order].sort()).to.deep.equal([...solution].sort());
        expect(order).not.to.deep.equal(solution);
      }
    }
  });

  it('varies with the seed', () => {
    const orders = new Set(Array.from({ length: 50 }, (_, i) => displayOrder(ordering, `s${i}`).join()));
    expect(orders.size).to.be.greaterThan(5);
  });
});

describe('typed answers read by kind: every right wording, never a lookalike', () => {
  it('montant: the value in cents, with or without €, in figures or in words, and the period the question asks', () => {
    const accepted = ['1 €', '1 € par mois'];
    for (const right of ['1 €', '1,00 €', '1,00', '1.00 €', 'un euro', '1 euro', '1 € par mois', 'environ 1 €', '1€'])
      expect(matchesShortAnswer(right, accepted, 'montant'), right).to.equal(true);
    for (const wrong of ['2 €', '10 €', '1 € par an', '1,50 €', '0,10 €', '1 $', '1 € ou 2 €', 'un'])
      expect(matchesShortAnswer(wrong, accepted, 'montant'), wrong).to.equal(wrong === 'un');
  });

  it('date: day, month and year, written in figures, with spaces, or in words', () => {
    const accepted = ['13 octobre 2026'];
    for (const right of [
      '13/10/2026',
      '13 10 2026',
      '13-10-2026',
      '13.10.2026',
      'le 13 octobre 2026',
      '13/10/26',
      'mardi 13 oct. 2026',
    ])
      expect(matchesShortAnswer(right, accepted, 'date'), right).to.equal(true);
    for (const wrong of ['12/10/2026', '13/10/2027', '10/13/2026', 'octobre 2026', '13 octobre', '13 sept 2026'])
      expect(matchesShortAnswer(wrong, accepted, 'date'), wrong).to.equal(false);
    expect(matchesShortAnswer('1er janvier 2027', ['1/1/2027'], 'date')).to.equal(true);
  });

  it('nombre: the value, in figures or in words, with the units the accepted answers use', () => {
    const accepted = ['14', '14 jours'];
    for (const right of ['14', 'quatorze', '14 jours', 'quatorze jours', '1 4', 'le 14'])
      expect(matchesShortAnswer(right, accepted, 'nombre'), right).to.equal(true);
    for (const wrong of ['15', '14 mois', '41', '7', 'quatorse'])
      expect(matchesShortAnswer(wrong, accepted, 'nombre'), wrong).to.equal(false);
    expect(matchesShortAnswer('quatre-vingt-dix', ['90'], 'nombre')).to.equal(true);
    expect(matchesShortAnswer('cent trois', ['103'], 'nombre')).to.equal(true);
    expect(matchesShortAnswer('31 79', ['3179'], 'nombre')).to.equal(true);
  });

  it('code: a file extension with or without its dot, small words aside', () => {
    for (const right of ['PDF', '.pdf', 'un PDF', 'fichier .pdf', 'en PDF'])
      expect(matchesShortAnswer(right, ['PDF', 'fichier PDF'], 'code'), right).to.equal(true);
    for (const wrong of ['PDG', 'DOC', 'pd']) expect(matchesShortAnswer(wrong, ['PDF'], 'code'), wrong).to.equal(false);
  });

  it('adresse-web: a lookalike address never counts, "le site" around it does not matter', () => {
    for (const right of ['caf.fr', 'le site caf.fr', 'https://www.caf.fr/', 'CAF.FR.'])
      expect(matchesShortAnswer(right, ['caf.fr'], 'adresse-web'), right).to.equal(true);
    for (const wrong of ['cafe.fr', 'caf.fr.com', 'caf-fr.com', 'ca.fr', 'caf.fr ameli.fr', 'caf fr'])
      expect(matchesShortAnswer(wrong, ['caf.fr'], 'adresse-web'), wrong).to.equal(false);
  });

  it('mot: labels of official papers ("n° fiscal"), small words aside, and a digit in a name is not a number', () => {
    expect(matchesShortAnswer('n° fiscal', ['numéro fiscal'])).to.equal(true);
    expect(matchesShortAnswer('N°fiscal', ['numéro fiscal'])).to.equal(true);
    expect(matchesShortAnswer('le numéro fiscal', ['numéro fiscal'])).to.equal(true);
    expect(matchesShortAnswer('dans le dossier Téléchargements', ['dossier Téléchargements'])).to.equal(true);
    expect(matchesShortAnswer('clé WPA2', ['clé WPA2'])).to.equal(true);
    expect(matchesShortAnswer('cle wpa2', ['clé WPA2'])).to.equal(true);
    expect(matchesShortAnswer('clef WPA2', ['clé WPA2']), 'a typo in the word').to.equal(true);
    expect(matchesShortAnswer('clé WPA3', ['clé WPA2']), 'the digit of a name is exact').to.equal(false);
    expect(matchesShortAnswer('je raccroche', ['raccrocher'])).to.equal(true);
    expect(matchesShortAnswer('je ne raccroche pas', ['raccrocher'])).to.equal(false);
  });
});

describe('ordering: steps that the lesson allows in any order', () => {
  const mail: OrderingExercise = {
    ...base,
    id: 'mail',
    type: 'remettre-en-ordre',
    items: choices('nouveau', 'a', 'objet', 'envoyer'),
    anyOrder: [['a', 'objet']],
  };
  const order = (...ids: string[]) => Object.fromEntries(ids.map((id, i) => [`position-${i + 1}`, id]));

  it('accepts every order the groups allow, and only those', () => {
    for (const right of [order('nouveau', 'a', 'objet', 'envoyer'), order('nouveau', 'objet', 'a', 'envoyer')]) {
      const result = scoreAnswer(mail, parseAnswer(mail, right)) as ScoredResult;
      expect(result).to.include({ correct: true, score: 1 });
    }
    const wrong = scoreAnswer(mail, parseAnswer(mail, order('a', 'nouveau', 'objet', 'envoyer'))) as ScoredResult;
    expect(wrong.correct).to.equal(false);
    expect(wrong.perItem?.map((p) => p.correct)).to.deep.equal([false, false, true, true]);
  });

  it('never shows the steps in an accepted order', () => {
    for (let i = 0; i < 200; i++) {
      const shown = displayOrder(mail, `seed-${i}`);
      expect(isRightOrder(mail, shown), shown.join()).to.equal(false);
      expect([...shown].sort()).to.deep.equal(['a', 'envoyer', 'nouveau', 'objet']);
    }
  });
});

describe('displayOrder of choice options', () => {
  const four: SingleChoiceExercise = {
    ...base,
    id: 'quatre',
    type: 'choix-unique',
    options: choices('a', 'b', 'c', 'd'),
    answer: 'c',
  };

  it('is a permutation of the options, the same for one seed, different across seeds', () => {
    expect(displayOrder(four, 'resident-1:0')).to.deep.equal(displayOrder(four, 'resident-1:0'));
    const orders = new Set(Array.from({ length: 60 }, (_, i) => displayOrder(four, `resident-${i}:0`).join()));
    expect(orders.size).to.be.greaterThan(10);
    for (const o of orders) expect(o.split(',').sort()).to.deep.equal(['a', 'b', 'c', 'd']);
    // The right option is not always at one place.
    const places = new Set(Array.from({ length: 60 }, (_, i) => displayOrder(four, `resident-${i}:0`).indexOf('c')));
    expect(places.size).to.equal(4);
  });
});
