import { expect } from 'chai';
import {
  internationalPhone,
  isOpeningHours,
  isSiret,
  missingPlaceFields,
  PLACE_FIELDS,
  placesCsv,
  toLieu,
} from '../../src/features/sites/place-schema.js';
import { readCsv, SCHEMA_FIELDS, schemaProblems } from '../helpers/place-schema-check.js';

const SITE = {
  id: '65a1b2c3d4e5f60718293a4b',
  name: 'Kérourien',
  address: '1 rue de Kérourien',
  commune: 'Brest',
  postalCode: '29200',
  inseeCode: '29019',
  siret: '',
  openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00',
  phone: '02 98 00 00 00',
  website: 'https://exemple.fr',
  organisationName: 'Centre social, "Kérourien"',
  // 23:30 UTC on 31 December is already 1 January in Brest.
  updatedAt: new Date('2026-12-31T23:30:00Z'),
};

describe('a site as a place of the national open-data schema (pure)', () => {
  it('uses the schema’s own fields, in its order', () => {
    expect([...PLACE_FIELDS]).to.deep.equal(SCHEMA_FIELDS);
  });

  it('gives a row the published schema accepts, with zeros for an unknown SIRET and the day in France', () => {
    const row = toLieu(SITE);
    expect(schemaProblems(row)).to.deep.equal([]);
    expect(row).to.include({
      id: SITE.id,
      pivot: '00000000000000',
      nom: 'Kérourien',
      commune: 'Brest',
      code_postal: '29200',
      code_insee: '29019',
      adresse: '1 rue de Kérourien',
      date_maj: '2027-01-01',
      telephone: '+33298000000',
      horaires: SITE.openingHours,
    });
    expect(toLieu({ ...SITE, siret: '73282932000074' }).pivot).to.equal('73282932000074');
  });

  it('names the required fields a site still lacks', () => {
    expect(missingPlaceFields({ ...SITE, postalCode: '', commune: '' })).to.deep.equal(['commune', 'code_postal']);
    expect(missingPlaceFields(SITE)).to.deep.equal([]);
  });

  it('writes a CSV that reads back into the same rows', () => {
    const csv = placesCsv([toLieu(SITE)]);
    expect(csv.split('\r\n')[0]).to.equal(SCHEMA_FIELDS.join(','));
    const [row] = readCsv(csv);
    expect(row!.source).to.equal('Centre social, "Kérourien"');
    expect(schemaProblems(Object.fromEntries(Object.entries(row!).filter(([, v]) => v !== '')))).to.deep.equal([]);
  });

  it('checks a SIRET by its key, phone numbers and opening hours', () => {
    expect(isSiret('73282932000074')).to.equal(true);
    expect(isSiret('73282932000075')).to.equal(false);
    expect(isSiret('7328293200007')).to.equal(false);
    expect(isSiret('35600000000010')).to.equal(true); // La Poste: digits add up to a multiple of 5
    expect(internationalPhone('02.98.00.00.00')).to.equal('+33298000000');
    expect(internationalPhone('12')).to.equal('');
    expect(isOpeningHours('Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00')).to.equal(true);
    expect(isOpeningHours('Tu,Th 14:00-18:00; PH off')).to.equal(true);
    expect(isOpeningHours('lundi 9h-12h')).to.equal(false);
  });
});
