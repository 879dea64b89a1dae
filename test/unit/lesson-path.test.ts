import { expect } from 'chai';
import { exercisesInPathOrder, lessonPath, placeOf } from '../../src/features/workshops/lesson-path.js';
import type { Exercise, Lesson, Module, Rich } from '../../src/features/catalogue/index.js';

const rich = (text: string): Rich => ({ text, html: text });
const lesson = (id: string, order: number, skills: string[]): Lesson => ({
  id,
  moduleId: 'm',
  title: id,
  order,
  skills,
  html: '',
});
const exercise = (id: string, skill: string, lessonId?: string, self = false): Exercise =>
  self
    ? {
        id,
        type: 'auto-evaluation',
        moduleId: 'm',
        file: `${id}.yaml`,
        skill,
        question: rich(id),
        ...(lessonId ? { lesson: lessonId } : {}),
      }
    : {
        id,
        type: 'vrai-faux',
        moduleId: 'm',
        file: `${id}.yaml`,
        skill,
        question: rich(id),
        statement: rich('x'),
        answer: true,
        feedback: { right: rich('ok'), wrong: rich('non') },
        ...(lessonId ? { lesson: lessonId } : {}),
      };

const lessons = [lesson('l1', 1, ['a']), lesson('l2', 2, ['b']), lesson('l3', 3, ['c'])];
const exercises = [
  exercise('e1', 'a', 'l1'),
  exercise('e2', 'b', 'l3'), // names its lesson: that wins over the skill
  exercise('e3', 'b'), // no lesson: the first lesson teaching b
  exercise('e4', 'z', 'nowhere'), // unknown lesson, unknown skill: the lesson of the one before
  exercise('e5', 'a', 'l1', true), // a self-assessment, in file order after e1
  exercise('e6', 'c', 'l3'),
];
const module: Module = {
  id: 'm',
  order: 1,
  title: 'M',
  summary: '',
  pictogram: { url: '', alt: '' },
  skills: [],
  lessons,
  exercises,
};
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

describe('lesson path (pure)', () => {
  it('puts each exercise after its lesson: named lesson, else the skill’s first lesson, else the one before', () => {
    const path = lessonPath(module);
    expect(path.map((s) => [s.lesson.id, ids(s.exercises)])).to.deep.equal([
      ['l1', ['e1', 'e5']],
      ['l2', ['e3', 'e4']],
      ['l3', ['e2', 'e6']],
    ]);
    expect(ids(exercisesInPathOrder(module))).to.deep.equal(['e1', 'e5', 'e3', 'e4', 'e2', 'e6']);
  });

  it('counts scored exercises only, in path order, and leads to the next lesson after the last exercise', () => {
    const byId = (id: string) => exercises.find((e) => e.id === id)!;
    const first = placeOf(module, byId('e1'));
    expect(first).to.include({ scoredPosition: 1, scoredTotal: 5, nextLesson: null });
    expect(first.nextInLesson?.id).to.equal('e5');
    const self = placeOf(module, byId('e5'));
    expect(self.scoredPosition).to.equal(null);
    expect(self.nextInLesson).to.equal(null);
    expect(self.nextLesson?.id).to.equal('l2');
    expect(placeOf(module, byId('e2')).scoredPosition).to.equal(4);
    const last = placeOf(module, byId('e6'));
    expect(last).to.include({ nextInLesson: null, nextLesson: null, scoredPosition: 5 });
    expect(last.lesson?.id).to.equal('l3');
  });
});
