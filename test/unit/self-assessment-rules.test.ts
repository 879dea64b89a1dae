import { expect } from 'chai';
import {
  answersOf,
  bookletModules,
  latestAnswers,
  sessionToAssess,
} from '../../src/features/self-assessment/self-assessment-rules.js';

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe('self-assessment before and after a workshop (pure rules)', () => {
  it('answers for the latest session of the workshop, today or in the last 7 days', () => {
    const sessions = [
      { id: 'old', moduleId: 'boite-mail', date: day('2026-02-20') },
      { id: 'week', moduleId: 'boite-mail', date: day('2026-03-01') },
      { id: 'other', moduleId: 'arnaques', date: day('2026-03-05') },
      { id: 'later', moduleId: 'boite-mail', date: day('2026-03-09') },
    ];
    expect(sessionToAssess(sessions, 'boite-mail', '2026-03-05')!.id).to.equal('week');
    expect(sessionToAssess(sessions, 'boite-mail', '2026-03-09')!.id).to.equal('later');
    expect(sessionToAssess(sessions, 'boite-mail', '2026-03-08')!.id).to.equal('week');
    expect(sessionToAssess(sessions, 'boite-mail', '2026-02-28')).to.equal(null);
  });

  it('takes one answer per skill from a form, and names the skills left out', () => {
    expect(answersOf(['a', 'b', 'c'], { 'c-a': 'sait', 'c-b': 'pas-encore', 'c-c': 'peut-etre' })).to.deep.equal({
      answers: { a: 'sait', b: 'pas-encore' },
      missing: ['c'],
    });
  });

  it('keeps each skill’s latest answers, and builds the booklet in the catalogue’s order', () => {
    const answers = latestAnswers([
      { sessionDate: day('2026-03-09'), before: { a: 'sait' }, after: null },
      { sessionDate: day('2026-03-01'), before: { a: 'pas-encore', b: 'pas-encore' }, after: { a: 'pas-encore', b: 'sait' } },
    ]);
    expect(answers.get('a')).to.deep.equal({ before: 'sait', after: null, sessionDate: day('2026-03-09') });
    expect(answers.get('b')!.after).to.equal('sait');
    const modules = [
      {
        title: 'Mail',
        skills: [
          { id: 'a', title: 'A' },
          { id: 'b', title: 'B' },
          { id: 'c', title: 'C' },
        ],
      },
      { title: 'Vide', skills: [{ id: 'z', title: 'Z' }] },
    ];
    const booklet = bookletModules(modules, { c: { level: 'seul', date: day('2026-03-02') } }, answers);
    expect(booklet.map((m) => m.title)).to.deep.equal(['Mail']);
    expect(booklet[0]!.skills.map((s) => [s.title, s.before, s.after, s.validation?.level ?? null])).to.deep.equal([
      ['A', 'sait', null, null],
      ['B', 'pas-encore', 'sait', null],
      ['C', null, null, 'seul'],
    ]);
  });
});
