import { expect } from 'chai';
import { moduleDone, nextModuleAfter, nextStep, type StepProgress } from '../../src/features/workshops/next-step-rules.js';
import type { Exercise, Lesson, Module, Rich } from '../../src/features/catalogue/index.js';

const rich = (text: string): Rich => ({ text, html: text });
const lesson = (m: string, id: string, order: number, skills: string[]): Lesson => ({
  id,
  moduleId: m,
  title: id,
  order,
  skills,
  html: '',
});
const scored = (m: string, id: string, skill: string, lessonId: string): Exercise => ({
  id,
  type: 'vrai-faux',
  moduleId: m,
  file: `${id}.yaml`,
  skill,
  lesson: lessonId,
  question: rich(id),
  statement: rich('x'),
  answer: true,
  feedback: { right: rich('ok'), wrong: rich('non') },
});
const self = (m: string, id: string, skill: string, lessonId: string): Exercise => ({
  id,
  type: 'auto-evaluation',
  moduleId: m,
  file: `${id}.yaml`,
  skill,
  lesson: lessonId,
  question: rich(id),
});
const module = (id: string, lessons: Lesson[], exercises: Exercise[]): Module => ({
  id,
  order: 1,
  title: id,
  summary: '',
  pictogram: { url: '', alt: '' },
  skills: [],
  lessons,
  exercises,
});

// Module a: lesson a1 (a-e1, a-e2), lesson a2 (nothing to practise), lesson a3 (a-e3, a self-assessment of skill sa).
const a = module(
  'a',
  [lesson('a', 'a1', 1, ['sa']), lesson('a', 'a2', 2, []), lesson('a', 'a3', 3, ['sb'])],
  [
    scored('a', 'a-e1', 'sa', 'a1'),
    scored('a', 'a-e2', 'sa', 'a1'),
    scored('a', 'a-e3', 'sb', 'a3'),
    self('a', 'a-s', 'sa', 'a3'),
  ],
);
const b = module('b', [lesson('b', 'b1', 1, ['sc'])], [scored('b', 'b-e1', 'sc', 'b1')]);
const c = module('c', [lesson('c', 'c1', 1, ['sd'])], [scored('c', 'c-e1', 'sd', 'c1')]);
const modules = [a, b, c];

const solved = { solved: true };
const tried = { solved: false };
const progress = (p: Partial<StepProgress>): StepProgress => ({ exercises: {}, skills: {}, ...p });

describe('next step: “Continuer” (pure)', () => {
  it('starts at the first module’s first lesson', () => {
    expect(nextStep(modules, progress({}))).to.deep.equal({ module: 'a', kind: 'lecon', id: 'a1', why: 'new' });
  });

  it('comes back to the lesson last read while its exercises are not all done', () => {
    const p = progress({ last: { module: 'a', kind: 'lecon', id: 'a1' }, exercises: { 'a-e1': solved } });
    expect(nextStep(modules, p)).to.deep.equal({ module: 'a', kind: 'lecon', id: 'a1', why: 'next' });
  });

  it('after an exercise solved, goes to the lesson’s next exercise not solved', () => {
    const p = progress({ last: { module: 'a', kind: 'exercice', id: 'a-e1' }, exercises: { 'a-e1': solved } });
    expect(nextStep(modules, p)).to.deep.equal({ module: 'a', kind: 'exercice', id: 'a-e2', why: 'next' });
  });

  it('comes back to an exercise left unsolved', () => {
    const p = progress({ last: { module: 'a', kind: 'exercice', id: 'a-e1' }, exercises: { 'a-e1': tried } });
    expect(nextStep(modules, p)).to.deep.equal({ module: 'a', kind: 'exercice', id: 'a-e1', why: 'back' });
  });

  it('after the last exercise of a lesson, goes to the next lesson, even one with nothing to practise', () => {
    const p = progress({
      last: { module: 'a', kind: 'exercice', id: 'a-e2' },
      exercises: { 'a-e1': solved, 'a-e2': solved },
    });
    expect(nextStep(modules, p)).to.deep.equal({ module: 'a', kind: 'lecon', id: 'a2', why: 'next' });
  });

  it('counts a self-assessment done once the skill has an answer', () => {
    const before = progress({
      last: { module: 'a', kind: 'exercice', id: 'a-e3' },
      exercises: { 'a-e1': solved, 'a-e2': solved, 'a-e3': solved },
    });
    expect(nextStep(modules, before)).to.deep.equal({ module: 'a', kind: 'exercice', id: 'a-s', why: 'next' });
    const after = { ...before, skills: { sa: { self: 'seul' } } };
    expect(moduleDone(a, after)).to.equal(true);
    // Module a done: the next module, not started.
    expect(nextStep(modules, after)).to.deep.equal({ module: 'b', kind: 'lecon', id: 'b1', why: 'new' });
  });

  it('goes back to an exercise skipped earlier in the module before leaving it', () => {
    const p = progress({
      last: { module: 'a', kind: 'exercice', id: 'a-s' },
      exercises: { 'a-e1': solved, 'a-e3': solved },
      skills: { sa: { self: 'avec-aide' } },
    });
    expect(nextStep(modules, p)).to.deep.equal({ module: 'a', kind: 'exercice', id: 'a-e2', why: 'next' });
  });

  it('after the last module, wraps to a module left unfinished; null when everything is done', () => {
    const all = { 'a-e1': solved, 'a-e2': solved, 'a-e3': solved, 'b-e1': solved, 'c-e1': solved };
    const p = progress({
      last: { module: 'c', kind: 'exercice', id: 'c-e1' },
      exercises: { ...all, 'b-e1': tried },
      skills: { sa: { self: 'seul' } },
    });
    expect(nextStep(modules, p)).to.deep.equal({ module: 'b', kind: 'lecon', id: 'b1', why: 'next' });
    expect(nextStep(modules, { ...p, exercises: all })).to.equal(null);
  });

  it('a visit to a module no longer in the catalogue starts from the first module', () => {
    const p = progress({ last: { module: 'gone', kind: 'lecon', id: 'x' } });
    expect(nextStep(modules, p)).to.deep.equal({ module: 'a', kind: 'lecon', id: 'a1', why: 'new' });
  });

  it('names what comes after a module: the next one with something to do', () => {
    const p = progress({ exercises: { 'b-e1': solved } });
    expect(nextModuleAfter(modules, p, 'a')).to.deep.equal({ module: 'c', kind: 'lecon', id: 'c1', why: 'new' });
    expect(nextModuleAfter(modules, p, 'c')).to.deep.equal({ module: 'a', kind: 'lecon', id: 'a1', why: 'new' });
    const allDone = progress({
      exercises: { 'a-e1': solved, 'a-e2': solved, 'a-e3': solved, 'b-e1': solved, 'c-e1': solved },
      skills: { sa: { self: 'seul' } },
    });
    expect(nextModuleAfter(modules, allDone, 'a')).to.equal(null);
  });
});
