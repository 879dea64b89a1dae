import { expect } from 'chai';
import { letterOf, lettersAround, longestWord, matchesSearch, prefixKeys } from '../../src/platform/name-keys.js';
import {
  certificateListKeys,
  LIST_PAGE_SIZE,
  listBucketOf,
  listBucketOfPage,
  listCounterId,
  listPageCount,
  listSlot,
} from '../../src/features/certificates/certificate-list-keys.js';

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

  it('puts 40 certificates of a month in each bucket, and reads the latest bucket first', () => {
    expect(LIST_PAGE_SIZE).to.equal(40);
    expect(listSlot('2026-02', 0)).to.deep.equal({ listSeq: 0, listBucket: '2026-02:0' });
    expect(listBucketOf('2026-02', 39)).to.equal('2026-02:0');
    expect(listBucketOf('2026-02', 40)).to.equal('2026-02:1');
    expect([0, 1, 40, 41, 80, 81].map(listPageCount)).to.deep.equal([0, 1, 1, 2, 2, 3]);
    // 81 places: pages 1, 2, 3 are buckets 2 (the newest one), 1, 0; nothing after.
    expect([1, 2, 3, 4].map((p) => listBucketOfPage('2026-02', 81, p))).to.deep.equal([
      '2026-02:2',
      '2026-02:1',
      '2026-02:0',
      null,
    ]);
    expect(listBucketOfPage('2026-02', 0, 1)).to.equal(null);
    expect(listCounterId('6b0cabff878e5813b98f9043', '2026-02')).to.equal('6b0cabff878e5813b98f9043:2026-02');
  });
});
