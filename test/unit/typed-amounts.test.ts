import { expect } from 'chai';
import { parseEuros, parseMinutes } from '../../src/platform/form-fields.js';

describe('amounts and durations as people type them', () => {
  it('reads euros: "50 €", "50,00", "12.5", "50 euros", never words or three decimals', () => {
    expect(parseEuros('50 €')).to.equal(5000);
    expect(parseEuros('50€')).to.equal(5000);
    expect(parseEuros('50,00')).to.equal(5000);
    expect(parseEuros('50,00 €')).to.equal(5000);
    expect(parseEuros('12.5')).to.equal(1250);
    expect(parseEuros('50 euros')).to.equal(5000);
    expect(parseEuros('€ 1')).to.equal(100);
    expect(parseEuros('cinquante')).to.equal(null);
    expect(parseEuros('1,234')).to.equal(null);
    expect(parseEuros('')).to.equal(null);
  });

  it('reads durations: "1h30", "90 min", "90", "2 h", "1:30", never 1h75', () => {
    expect(parseMinutes('1h30')).to.equal(90);
    expect(parseMinutes('1 h 30')).to.equal(90);
    expect(parseMinutes('90 min')).to.equal(90);
    expect(parseMinutes('90')).to.equal(90);
    expect(parseMinutes('45 minutes')).to.equal(45);
    expect(parseMinutes('2 h')).to.equal(120);
    expect(parseMinutes('2 heures')).to.equal(120);
    expect(parseMinutes('1:30')).to.equal(90);
    expect(parseMinutes('1h75')).to.equal(null);
    expect(parseMinutes('une heure')).to.equal(null);
  });
});
