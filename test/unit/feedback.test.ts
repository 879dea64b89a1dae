import { expect } from 'chai';
import { describeFeedback, type FeedbackDetail } from '../../src/features/exercises/feedback.js';
import { parseAnswer, scoreAnswer, type ScoredResult } from '../../src/features/exercises/scoring.js';
import type {
  Exercise,
  MatchingExercise,
  MultipleChoiceExercise,
  OrderingExercise,
  Rich,
  ShortAnswerExercise,
  SingleChoiceExercise,
  TrueFalseExercise,
  ZoneImageExercise,
} from '../../src/features/catalogue/index.js';

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
const short: ShortAnswerExercise = { ...base, id: 'court', type: 'reponse-courte', answers: ['arobase', 'arobas'], kind: 'mot' };
const ordering: OrderingExercise = { ...base, id: 'ordre', type: 'remettre-en-ordre', items: choices('a', 'b', 'c', 'd', 'e') };
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
  image: { url: '/x.svg', alt: 'x' },
  zones: [
    { id: 'adresse', label: rich('La barre d’adresse'), x: 10, y: 5, w: 80, h: 8 },
    { id: 'onglet', label: rich('Un onglet'), x: 0, y: 0, w: 20, h: 5 },
  ],
  answer: 'adresse',
};

function feedback(exercise: Exercise, body: Record<string, unknown>): FeedbackDetail {
  const answer = parseAnswer(exercise, body);
  return describeFeedback(exercise, answer, scoreAnswer(exercise, answer) as ScoredResult);
}

const texts = (lines: FeedbackDetail['yours']) =>
  lines.map((l) => {
    const v = l.value;
    const shown = v.kind === 'rich' ? v.rich.text : v.kind === 'typed' ? v.text : v.kind === 'key' ? v.key : '';
    return `${l.label ? `${l.label.text} → ` : ''}${shown}${l.mark === 'none' ? '' : ` [${l.mark}]`}`;
  });

describe('feedback detail (pure)', () => {
  it('choix-multiple: marks a ticked wrong option and a missing right one, never an option rightly left unticked', () => {
    const f = feedback(multiple, { answer: ['a', 'b'] });
    expect(texts(f.yours)).to.deep.equal(['Texte a', 'Texte b [wrong]']);
    expect(texts(f.solution)).to.deep.equal(['Texte a', 'Texte c [missing]']);
    // d is wrong and was left unticked: it appears nowhere.
    expect(JSON.stringify(f)).to.not.include('Texte d');
    expect(f).to.include({ verdict: 'not-yet', toReview: 2, partName: 'answer' });
  });

  it('choix-multiple: right has no mark; nothing ticked says so', () => {
    const right = feedback(multiple, { answer: ['a', 'c'] });
    expect(right).to.include({ verdict: 'right', toReview: 0 });
    expect([...right.yours, ...right.solution].every((l) => l.mark === 'none')).to.equal(true);
    // An empty answer is refused before scoring; the feedback still reads one safely.
    const noTick = { type: 'choix-multiple', choices: [] } as const;
    const none = describeFeedback(multiple, noTick, scoreAnswer(multiple, noTick) as ScoredResult);
    expect(texts(none.yours)).to.deep.equal(['exercises.feedback.nothingTicked']);
    expect(none.verdict).to.equal('not-yet');
  });

  it('remettre-en-ordre: one step right out of five is "not yet", not "almost"', () => {
    // Only c is in its place.
    const f = feedback(ordering, {
      'position-1': 'd',
      'position-2': 'e',
      'position-3': 'c',
      'position-4': 'a',
      'position-5': 'b',
    });
    expect(f).to.include({ verdict: 'not-yet', toReview: 4, partName: 'step', ordered: true });
    expect(texts(f.yours)).to.deep.equal(['Texte d [wrong]', 'Texte e [wrong]', 'Texte c', 'Texte a [wrong]', 'Texte b [wrong]']);
    expect(texts(f.solution)).to.deep.equal(['Texte a', 'Texte b', 'Texte c', 'Texte d', 'Texte e']);
  });

  it('remettre-en-ordre: two steps swapped out of five is "almost: 2 steps to review"', () => {
    const f = feedback(ordering, {
      'position-1': 'a',
      'position-2': 'c',
      'position-3': 'b',
      'position-4': 'd',
      'position-5': 'e',
    });
    expect(f).to.include({ verdict: 'almost', toReview: 2 });
  });

  it('associer: shows each left with the learner’s right, marking wrong pairs only', () => {
    const f = feedback(matching, { 'match-souris': 'souris', 'match-clavier': 'ecran', 'match-ecran': 'clavier' });
    expect(texts(f.yours)).to.deep.equal(['Souris → Pour cliquer', 'Clavier → Pour voir [wrong]', 'Écran → Pour écrire [wrong]']);
    expect(texts(f.solution)).to.deep.equal(['Souris → Pour cliquer', 'Clavier → Pour écrire', 'Écran → Pour voir']);
    expect(f).to.include({ verdict: 'not-yet', toReview: 2, partName: 'pair' });
  });

  it('vrai-faux: recalls the statement and both answers', () => {
    const f = feedback(trueFalse, { answer: 'true' });
    expect(f.statement?.text).to.equal('La Terre est plate.');
    expect(texts(f.yours)).to.deep.equal(['exercises.trueFalse.true [wrong]']);
    expect(texts(f.solution)).to.deep.equal(['exercises.trueFalse.false']);
    expect(f.verdict).to.equal('not-yet');
  });

  it('single answers: the chosen option, zone or typed text beside the right one', () => {
    expect(texts(feedback(single, { answer: 'a' }).yours)).to.deep.equal(['Texte a [wrong]']);
    expect(texts(feedback(single, { answer: 'b' }).yours)).to.deep.equal(['Texte b']);
    expect(texts(feedback(zone, { answer: 'onglet' }).solution)).to.deep.equal(['La barre d’adresse']);
    const typed = feedback(short, { answer: '  arobaze ' });
    expect(texts(typed.yours)).to.deep.equal(['arobaze']);
    expect(typed.verdict).to.equal('right');
    expect(texts(feedback(short, { answer: 'diese' }).solution)).to.deep.equal(['arobase']);
  });
});

describe('feedback for steps the lesson allows in any order', () => {
  const swappable: OrderingExercise = { ...ordering, id: 'ordre-libre', anyOrder: [['b', 'c']] };

  it('marks no step when two interchangeable steps are swapped: the answer is right', () => {
    const d = feedback(swappable, {
      'position-1': 'a',
      'position-2': 'c',
      'position-3': 'b',
      'position-4': 'd',
      'position-5': 'e',
    });
    expect(d.verdict).to.equal('right');
    expect(d.yours.map((l) => l.mark)).to.deep.equal(['none', 'none', 'none', 'none', 'none']);
  });

  it('still marks a step out of its group', () => {
    const d = feedback(swappable, {
      'position-1': 'b',
      'position-2': 'a',
      'position-3': 'c',
      'position-4': 'd',
      'position-5': 'e',
    });
    expect(d.yours.map((l) => l.mark)).to.deep.equal(['wrong', 'wrong', 'none', 'none', 'none']);
  });
});
