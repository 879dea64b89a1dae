import { expect } from 'chai';
import {
  firstFreeUsername,
  proposeUsername,
  temporaryPassword,
  USERNAME_PATTERN,
} from '../../src/features/accounts/account-rules.js';

describe('account rules (pure)', () => {
  it('proposes a readable ASCII username from a French name', () => {
    expect(proposeUsername('Marie-Hélène', 'Le Guérec')).to.equal('marie-helene.le-guerec');
    expect(proposeUsername('  Zoë ', "N'Diaye")).to.equal('zoe.n-diaye');
    expect(USERNAME_PATTERN.test(proposeUsername('Éric', 'Çelik'))).to.equal(true);
  });

  it('returns an empty base when the name has no usable letter', () => {
    expect(proposeUsername('—', '…')).to.equal('');
  });

  it('adds the first free number to a taken username', () => {
    expect(firstFreeUsername('marie.dupont', new Set())).to.equal('marie.dupont');
    expect(firstFreeUsername('marie.dupont', new Set(['marie.dupont', 'marie.dupont2']))).to.equal('marie.dupont3');
  });

  it('makes temporary passwords without ambiguous characters', () => {
    for (let i = 0; i < 50; i++)
      expect(temporaryPassword()).to.match(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
    expect(temporaryPassword(() => 0)).to.equal('aaaa-aaaa-aaaa');
  });
});
