import { expect } from 'chai';
import { letterOf, lettersAround, longestWord, matchesSearch, prefixKeys } from '../../src/platform/name-keys.js';
import { certificateListKeys } from '../../src/features/certificates/certificate-list-keys.js';

describe('name keys (the lists by letter and the search by name)', () => {
  it('lists a name under its first letter, without accents, # when not a–z', () => {
    expect(letterOf('Élodie Martin')).to.equal('e');
    expect(letterOf('  zoé')).to.equal('z');
    expect(letterOf('42 rue')).to.equal('#');
    expect(letterOf('')).to.equal('#');
  });

  it('knows the letters around one, none past either end', () => {
    expect(lettersAround('a')).to.deep.equal({ previousLetter: null, nextLetter: 'b' });
    expect(lettersAround('z')).to.deep.equal({ previousLetter: 'y', nextLetter: '#' });
    expect(lettersAround('#')).to.deep.equal({ previousLetter: 'z', nextLetter: null });
  });

  it('keys every prefix of every word; a search matches when each word starts one', () => {
    const keys = prefixKeys('Karim Le Guérec-Benali');
    expect(keys).to.include.members(['k', 'ka', 'karim', 'le', 'guerec', 'b', 'benali']);
    expect(matchesSearch(keys, 'BÉNALI kar')).to.equal(true);
    expect(matchesSearch(keys, 'nali')).to.equal(false);
    expect(longestWord('le guérec')).to.equal('guerec');
    expect(longestWord('  ')).to.equal(null);
  });

  it('gives a certificate the month of its issue in Brest, and its holder’s keys', () => {
    // 23:30 UTC on 31 January is 00:30 on 1 February in Brest.
    const keys = certificateListKeys({ issuedAt: new Date('2026-01-31T23:30:00Z'), holderName: 'Aminata Diallo' });
    expect(keys.issuedMonth).to.equal('2026-02');
    expect(keys.searchKeys).to.include.members(['ami', 'diallo']);
  });
});
