import { expect } from 'chai';
import { buildingKey, buildingsFromLabels, listedBuilding, parseBuildings } from '../../src/features/sites/building-rules.js';

describe('building rules (pure)', () => {
  it('gives one key to a building however it is typed', () => {
    for (const name of ['Bât. C', 'bat c', 'Bâtiment C', 'C', ' c ', 'BT-C', 'Immeuble C', 'bât.C']) {
      expect(buildingKey(name), name).to.equal('c');
    }
    expect(buildingKey('Bât. C 2')).to.equal(buildingKey('c2'));
    expect(buildingKey('Les Mouettes')).to.equal('lesmouettes');
    expect(buildingKey('Bâtiment')).to.equal('batiment');
    expect(buildingKey('...')).to.equal('');
    expect(buildingKey('Bât. C')).to.not.equal(buildingKey('Bât. D'));
  });

  it('reads the list typed one building per line, refusing a line too long, empty of letters, or twice', () => {
    expect(parseBuildings(' Bât. C \r\n\n Bât.   D\nKerbriant 3')).to.deep.equal({
      ok: true,
      buildings: [
        { key: 'c', label: 'Bât. C' },
        { key: 'd', label: 'Bât. D' },
        { key: 'kerbriant3', label: 'Kerbriant 3' },
      ],
    });
    expect(parseBuildings('')).to.deep.equal({ ok: true, buildings: [] });
    expect(parseBuildings('Bât. C\nbatiment c')).to.deep.equal({ ok: false, error: 'twice', line: 'batiment c' });
    expect(parseBuildings('x'.repeat(41))).to.include({ ok: false, error: 'tooLong' });
    expect(parseBuildings('C\n--')).to.deep.equal({ ok: false, error: 'noName', line: '--' });
    expect(parseBuildings(Array.from({ length: 101 }, (_, i) => `B${i}`).join('\n'))).to.include({ error: 'tooMany' });
  });

  it('finds a typed building on the list, and makes a list from households’ buildings', () => {
    const list = [{ key: 'c', label: 'Bât. C' }];
    expect(listedBuilding(list, 'bat c')).to.deep.equal({ key: 'c', label: 'Bât. C' });
    expect(listedBuilding(list, 'D')).to.equal(null);
    expect(buildingsFromLabels(['Bât. D', 'bat c', 'Bât. C', '', 'D'])).to.deep.equal([
      { key: 'c', label: 'bat c' },
      { key: 'd', label: 'Bât. D' },
    ]);
  });
});
