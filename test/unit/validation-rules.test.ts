import { expect } from 'chai';
import { certificateProgress, isLowScore, LOW_SCORE_BELOW } from '../../src/features/validation/validation-rules.js';

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
