import { expect } from 'chai';
import { initialOf, matchesSearch, searchKeysOf, searchWords } from '../../src/features/residents/resident-rules.js';
import { pageFrom, pageHref, slicePage, window } from '../../src/platform/paging.js';

describe('list rules (pure)', () => {
  describe('search keys of a resident', () => {
    const keys = searchKeysOf({
      firstName: 'Hélène',
      lastName: 'Le Guérec-Kerbrat',
      building: 'Bât. C',
      entrance: '2',
      flat: '104',
    });

    it('hold every prefix of every word, without case or accents', () => {
      expect(keys).to.include.members([
        'h',
        'hel',
        'helene',
        'le',
        'guerec',
        'kerb',
        'kerbrat',
        'bat',
        'c',
        '2',
        '1',
        '10',
        '104',
      ]);
      expect(keys).to.not.include('Hélène').and.not.include('guérec');
    });

    it('match a search when each word starts a word of the resident', () => {
      expect(matchesSearch(keys, 'GUEREC')).to.equal(true);
      expect(matchesSearch(keys, 'hél ker')).to.equal(true);
      expect(matchesSearch(keys, 'c 104')).to.equal(true);
      expect(matchesSearch(keys, 'erec')).to.equal(false);
      expect(matchesSearch(keys, 'guerec yann')).to.equal(false);
    });

    it('cut very long words, in the keys and in the search alike', () => {
      const long = 'a'.repeat(30);
      expect(searchWords(long)[0]).to.have.length(20);
      expect(matchesSearch(searchKeysOf({ firstName: long, lastName: '', building: '', entrance: '', flat: '' }), long)).to.equal(
        true,
      );
    });
  });

  it('files a resident under the letter of the last name, or # when it is not a–z', () => {
    expect(initialOf({ firstName: 'Yann', lastName: 'Élégoët' })).to.equal('e');
    expect(initialOf({ firstName: 'Yann', lastName: '' })).to.equal('y');
    expect(initialOf({ firstName: 'Юрий', lastName: '' })).to.equal('#');
  });

  describe('pages', () => {
    it('ask for one row more than they show, to know there is a next page', () => {
      expect(window(1)).to.deep.equal({ skip: 0, limit: 51 });
      expect(window(3)).to.deep.equal({ skip: 100, limit: 51 });
      const rows = Array.from({ length: 51 }, (_, i) => i);
      expect(pageFrom(rows, 1)).to.deep.include({ page: 1, hasPrevious: false, hasNext: true });
      expect(pageFrom(rows, 1).rows).to.have.length(50);
      expect(pageFrom([1], 2)).to.deep.include({ hasPrevious: true, hasNext: false });
      expect(slicePage(rows, 2).rows).to.deep.equal([50]);
    });

    it('link to another page keeping the other parameters, page 1 without a number', () => {
      expect(pageHref('/residents', { q: 'le gall', filtre: undefined, page: 3 }, 1)).to.equal('/residents?q=le+gall');
      expect(pageHref('/residents', { q: 'x' }, 2)).to.equal('/residents?q=x&page=2');
    });
  });
});
