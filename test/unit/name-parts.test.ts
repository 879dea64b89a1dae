import { expect } from 'chai';
import { LETTERS } from '../../src/platform/name-keys.js';
import {
  checkParts,
  layoutParts,
  leavePart,
  nameSortKey,
  PART_FILL,
  PART_MAX,
  pageOfParts,
  partIndexOf,
  splitPart,
  type Parts,
} from '../../src/platform/name-parts.js';

const rows = (n: number, letter: 'a' | 'b' = 'a') =>
  Array.from({ length: n }, (_, i) => ({
    _id: `${letter}${i}`,
    letter,
    key: nameSortKey(`${letter === 'a' ? 'Abgrall' : 'Bernard'} ${String(i).padStart(3, '0')}`, `${letter}${i}`),
  }));

describe('name parts (the lists by name cut into parts of at most 50)', () => {
  it('sorts names without accents or punctuation, two people of one name apart by id', () => {
    expect(nameSortKey('Le Guérec-Kerbrat Élodie', 'x')).to.equal('le guerec kerbrat elodie\u0001x');
    const [a, b] = [nameSortKey('Martin Anne', '1'), nameSortKey('Martin Anne', '2')];
    expect(a < b).to.equal(true);
    expect(nameSortKey('Le Gall', '1') < nameSortKey('Legall', '1')).to.equal(true);
  });

  it('lays out a site from scratch: PART_FILL a part, each letter apart, every row in its part', () => {
    const all = [...rows(PART_FILL * 2 + 3), ...rows(5, 'b')];
    const { parts, partOf } = layoutParts(all);
    expect(parts.a!.map((p) => p.count)).to.deep.equal([PART_FILL, PART_FILL, 3]);
    expect(parts.b!.map((p) => p.count)).to.deep.equal([5]);
    expect(parts.a![0]!.from).to.equal('');
    expect(partOf.get('a0')).to.equal('a:');
    expect(checkParts(parts, all.map((r) => ({ ...r, part: partOf.get(r._id) })))).to.deep.equal([]);
  });

  it('finds the part of a key: the last one starting at or before it, the first one below all', () => {
    const parts = [
      { from: 'b', count: 1 },
      { from: 'm', count: 1 },
    ];
    expect(partIndexOf(parts, 'a')).to.equal(0);
    expect(partIndexOf(parts, 'm')).to.equal(1);
    expect(partIndexOf(parts, 'z')).to.equal(1);
  });

  it('splits a part grown past PART_MAX in two halves, none at or under it', () => {
    expect(splitPart(rows(PART_MAX))).to.equal(null);
    const cut = splitPart(rows(PART_MAX + 1).reverse())!;
    expect(cut.kept).to.equal(25);
    expect(cut.moved).to.have.length(26);
    expect(cut.from).to.equal(cut.moved[0]!.key);
    expect(cut.moved.every((r) => r.key >= cut.from)).to.equal(true);
  });

  it('takes a row out of its part; an empty part goes, and so does an empty letter', () => {
    const parts: Parts = {
      a: [
        { from: '', count: 1 },
        { from: 'am', count: 2 },
      ],
    };
    leavePart(parts, 'a:am');
    expect(parts.a![1]!.count).to.equal(1);
    leavePart(parts, 'a:');
    expect(parts.a).to.deep.equal([{ from: 'am', count: 1 }]);
    leavePart(parts, 'a:am');
    expect(parts).to.deep.equal({});
  });

  it('tells a page of a letter: its part, whether there are more; the first letter with someone by default', () => {
    const parts: Parts = {
      c: [
        { from: '', count: 40 },
        { from: 'cm', count: 30 },
      ],
    };
    expect(pageOfParts(parts, undefined, 1, LETTERS)).to.deep.equal({ letter: 'c', part: 'c:', hasPrevious: false, hasNext: true });
    expect(pageOfParts(parts, 'c', 2, LETTERS)).to.deep.equal({ letter: 'c', part: 'c:cm', hasPrevious: true, hasNext: false });
    expect(pageOfParts(parts, 'c', 3, LETTERS).part).to.equal(null);
    expect(pageOfParts(parts, 'd', 1, LETTERS)).to.deep.equal({ letter: 'd', part: null, hasPrevious: false, hasNext: false });
    expect(pageOfParts({}, undefined, 1, LETTERS).letter).to.equal('a');
  });

  it('finds what is wrong: a row in the wrong part, a count that is not its rows', () => {
    const all = rows(3);
    const parts: Parts = { a: [{ from: '', count: 2 }] };
    const wrong = checkParts(parts, [
      { ...all[0]!, part: 'a:' },
      { ...all[1]!, part: 'a:' },
      { ...all[2]!, part: null },
    ]);
    expect(wrong).to.have.length(1);
    expect(wrong[0]).to.include('a2');
    expect(checkParts({ a: [{ from: '', count: 5 }] }, [{ ...all[0]!, part: 'a:' }])[0]).to.include('count 5, rows 1');
  });
});
