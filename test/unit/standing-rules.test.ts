import { expect } from 'chai';
import { skillStanding, type SkillFacts } from '../../src/features/progress/standing-rules.js';

const facts = (f: Partial<SkillFacts>): SkillFacts => ({ exercisesSolved: 0, exercisesTotal: 2, exercisesToReview: 0, ...f });

describe('a skill in words: fait seul, avec de l’aide, à revoir (pure)', () => {
  it('says nothing before any answer', () => {
    expect(skillStanding(facts({}))).to.equal(null);
  });

  it('follows a leader’s validation first, whatever the exercises say', () => {
    expect(skillStanding(facts({ validation: { level: 'seul' }, exercisesToReview: 2 }))).to.equal('fait-seul');
    expect(skillStanding(facts({ validation: { level: 'avec-aide' }, exercisesSolved: 2 }))).to.equal('avec-aide');
  });

  it('an exercise answered and not solved: à revoir', () => {
    expect(skillStanding(facts({ exercisesSolved: 1, exercisesToReview: 1, self: 'seul' }))).to.equal('a-revoir');
  });

  it('every exercise solved: fait seul, or avec de l’aide when the learner says so', () => {
    expect(skillStanding(facts({ exercisesSolved: 2 }))).to.equal('fait-seul');
    expect(skillStanding(facts({ exercisesSolved: 2, self: 'avec-aide' }))).to.equal('avec-aide');
  });

  it('the self-assessment alone, then “commencé” for some exercises solved', () => {
    expect(skillStanding(facts({ self: 'seul' }))).to.equal('fait-seul');
    expect(skillStanding(facts({ self: 'avec-aide' }))).to.equal('avec-aide');
    expect(skillStanding(facts({ self: 'pas-encore' }))).to.equal('a-revoir');
    expect(skillStanding(facts({ exercisesSolved: 1 }))).to.equal('commence');
    expect(skillStanding(facts({ exercisesTotal: 0, self: 'seul' }))).to.equal('fait-seul');
  });
});
