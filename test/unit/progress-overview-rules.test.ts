import { expect } from 'chai';
import mongoose from 'mongoose';
import { overviewDifferences, overviewOf, progressOfOverview } from '../../src/features/progress/progress-overview-rules.js';
import type { ProgressDoc } from '../../src/features/progress/progress.types.js';

const at = new Date('2026-12-01T10:00:00Z');
const doc: ProgressDoc = {
  _id: new mongoose.Types.ObjectId(),
  exercises: {
    'souris-1': {
      attempts: 2,
      bestScore: 1,
      lastScore: 1,
      lastCorrect: true,
      solved: true,
      lastAt: at,
      lastSubmission: 'abc12345',
    },
    'souris-2': {
      attempts: 1,
      bestScore: 0.5,
      lastScore: 0.5,
      lastCorrect: false,
      solved: false,
      lastAt: at,
      lastSubmission: 'def67890',
    },
  },
  skills: {
    souris: { bestScore: 1, attempts: 3, lastActivityAt: at, self: 'seul', selfAt: at },
    clavier: {
      validation: {
        by: new mongoose.Types.ObjectId(),
        byName: 'Anne',
        date: at,
        method: 'atelier',
        level: 'avec-aide',
        comment: 'Marie a bien progressé',
        at,
      },
    },
    vide: {},
  },
  last: { module: 'ordinateur', kind: 'exercice', id: 'souris-2', at },
};

describe('progress overview rules', () => {
  it('keeps one boolean per exercise answered, and of each skill what the pages of counts show', () => {
    expect(overviewOf(doc)).to.deep.equal({
      answered: { 'souris-1': true, 'souris-2': false },
      skills: {
        souris: { self: 'seul', bestScore: 1 },
        clavier: { validation: { byName: 'Anne', date: at, level: 'avec-aide' } },
        vide: {},
      },
      last: { module: 'ordinateur', kind: 'exercice', id: 'souris-2' },
    });
  });

  it('is empty for a learner with no progress, with no last visit', () => {
    expect(overviewOf(null)).to.deep.equal({ answered: {}, skills: {} });
    expect(progressOfOverview(null)).to.deep.equal({ exercises: {}, skills: {}, last: undefined });
  });

  it('gives the pages the shape of a progress: each exercise answered with whether it is solved', () => {
    expect(progressOfOverview(overviewOf(doc)).exercises).to.deep.equal({
      'souris-1': { solved: true },
      'souris-2': { solved: false },
    });
  });

  it('finds no difference whatever the order of fields, and one per part that differs', () => {
    const want = overviewOf(doc);
    const reordered = {
      last: want.last,
      skills: { vide: {}, clavier: want.skills.clavier!, souris: { bestScore: 1, self: 'seul' as const } },
      answered: want.answered,
    };
    expect(overviewDifferences('u', reordered, want)).to.deep.equal([]);
    expect(overviewDifferences('u', null, want)).to.have.length(1);
    const stale = { ...want, answered: { 'souris-1': true }, last: undefined };
    expect(overviewDifferences('u', stale, want)).to.have.length(2);
  });
});
