import { expect } from 'chai';
import {
  certificateProgress,
  gridCell,
  gridLevels,
  isLowScore,
  LOW_SCORE_BELOW,
} from '../../src/features/validation/validation-rules.js';

describe('validation page rules (pure)', () => {
  it('warns for a best score under half only, never without a score', () => {
    expect(LOW_SCORE_BELOW).to.equal(50);
    expect(isLowScore(0)).to.equal(true);
    expect(isLowScore(49)).to.equal(true);
    expect(isLowScore(50)).to.equal(false);
    expect(isLowScore(100)).to.equal(false);
    expect(isLowScore(null)).to.equal(false);
  });

  it('counts the skills validated towards a module’s certificate', () => {
    expect(certificateProgress({ validated: ['a', 'b'], missing: ['c'], eligible: false, issued: false }, 3)).to.deep.equal({
      validated: 2,
      total: 3,
      eligible: false,
      issued: false,
    });
    expect(certificateProgress(undefined, 4)).to.deep.equal({ validated: 0, total: 4, eligible: false, issued: false });
  });
});

describe('gridCell: one cell of a session grid as the form sends it', () => {
  const LEVELS = ['avec-aide', 'seul'] as const;
  it('reads a level per cell, or the common one when the cell has none', () => {
    expect(gridCell('u1:s1:seul', 'avec-aide', LEVELS)).to.deep.equal({ key: 'u1:s1', level: 'seul' });
    expect(gridCell('u1:s1', 'avec-aide', LEVELS)).to.deep.equal({ key: 'u1:s1', level: 'avec-aide' });
  });
  it('refuses an unknown level and malformed cells', () => {
    for (const bad of ['u1:s1:expert', 'u1', ':s1', 'u1:', 'u1:s1:seul:x', ''])
      expect(gridCell(bad, 'seul', LEVELS), bad).to.equal(null);
  });
});

describe('gridLevels: a grid’s cells, one per person and skill', () => {
  const LEVELS = ['avec-aide', 'seul'] as const;
  it('lets a cell chosen on its own win over its row, and skips empty selects', () => {
    expect(gridLevels(['u1:s1', 'u1:s2', '', 'u1:s1:seul'], 'avec-aide', LEVELS)).to.deep.equal([
      { userId: 'u1', skillId: 's1', level: 'seul' },
      { userId: 'u1', skillId: 's2', level: 'avec-aide' },
    ]);
    expect(gridLevels(['u1:s1', 'u1:s1:expert'], 'seul', LEVELS)).to.equal(null);
    expect(gridLevels([''], 'seul', LEVELS)).to.deep.equal([]);
  });
});
