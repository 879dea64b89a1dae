import { expect } from 'chai';
import { frenchTypography, takesElision } from '../../src/platform/typography.js';
import { formatDate } from '../../src/platform/day.js';

const NBSP = '\u00A0';
const NARROW = '\u202F';

describe('French typography (one helper)', () => {
  it('elides before a vowel or a mute h, never before an aspirated h or a consonant y', () => {
    expect(frenchTypography('Progression de Yvonne Le Bihan')).to.equal('Progression d’Yvonne Le Bihan');
    expect(frenchTypography('Dossier de Aminata')).to.equal('Dossier d’Aminata');
    expect(frenchTypography('de Hélène')).to.equal('d’Hélène');
    expect(frenchTypography('De Émile')).to.equal('D’Émile');
    expect(frenchTypography('avant que il parte')).to.equal('avant qu’il parte');
    expect(frenchTypography('une heure de habitude')).to.equal('une heure d’habitude');
    expect(frenchTypography('de Yann')).to.equal('de Yann');
    expect(frenchTypography('de haut en bas')).to.equal('de haut en bas');
    expect(frenchTypography('de Marie')).to.equal('de Marie');
    expect(frenchTypography('de HLM')).to.equal('de HLM');
    expect(takesElision('Yvonne')).to.equal(true);
    expect(takesElision('yaourt')).to.equal(false);
  });

  it('uses one apostrophe, and non-breaking spaces before ? ! : ; » and after «', () => {
    expect(frenchTypography("l'atelier d'Yvonne")).to.equal('l’atelier d’Yvonne');
    expect(frenchTypography('Vraiment ? Oui ! Voici : un ; « mot »')).to.equal(
      `Vraiment${NARROW}? Oui${NARROW}! Voici${NBSP}: un${NARROW}; «${NBSP}mot${NBSP}»`,
    );
    // A "?" glued to a word is an address, left alone.
    expect(frenchTypography('/statistiques?periode=2026')).to.equal('/statistiques?periode=2026');
  });

  it('writes the first of a month "1er"', () => {
    expect(frenchTypography('le 1 mai 2026')).to.equal('le 1er mai 2026');
    expect(frenchTypography('le 11 mai, 21 mai')).to.equal('le 11 mai, 21 mai');
    expect(formatDate(new Date('2026-05-01T10:00:00Z'), 'fr')).to.equal('1er mai 2026');
    expect(formatDate(new Date('2026-05-11T10:00:00Z'), 'fr')).to.equal('11 mai 2026');
    expect(formatDate(new Date('2026-05-01T10:00:00Z'), 'en')).to.not.include('er');
  });
});
