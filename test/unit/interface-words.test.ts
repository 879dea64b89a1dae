import { expect } from 'chai';
import { formatDate } from '../../src/platform/day.js';
import { loadResources } from '../../src/platform/i18n.js';

/** Every French string of the interface, with its key. */
function frenchStrings(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (o: unknown, key: string) => {
    if (typeof o === 'string') out.push([key, o]);
    else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, key ? `${key}.${k}` : k);
  };
  walk((loadResources().fr as { translation: unknown }).translation, '');
  return out;
}

describe('one word per thing in the interface (messages)', () => {
  const fr = frenchStrings();

  it('has no inclusive-writing dot', () => {
    expect(fr.filter(([, s]) => /\p{L}·\p{L}/u.test(s))).to.deep.equal([]);
  });

  it('says "attestation", never "certificat"', () => {
    // "certification" is another thing (Pix, a professional one), and "certificat CléA
    // numérique" a proper name, both named to say what an attestation is not.
    expect(fr.filter(([, s]) => /certificat(?!ion|s? CléA)/i.test(s))).to.deep.equal([]);
  });

  it('gives the autonomy level one name: "Sans aide"', () => {
    const seul = fr.filter(([k]) => /\.seul$/.test(k));
    expect(seul.length).to.be.greaterThan(3);
    for (const [k, s] of seul) expect(s.toLowerCase(), k).to.equal('sans aide');
    expect(fr.filter(([, s]) => /seul ou seule|seul·e/i.test(s))).to.deep.equal([]);
  });

  it('writes a count with a plural form (i18next _one/_other), never "{{n}} words" alone', () => {
    // `{{max}}` is a fixed limit above one (e.g. "au plus 10 fichiers"): no singular needed.
    const bare = fr.filter(([k, s]) => !/_(one|other)$/.test(k) && /\{\{(?!max\}\})\w+\}\} (\p{L}+s)\b/u.test(s));
    expect(bare).to.deep.equal([]);
  });
});

describe('dates (pure)', () => {
  it('writes every date one way, as the day in Brest', () => {
    expect(formatDate(new Date('2026-11-30T12:00:00Z'), 'fr')).to.equal('30 novembre 2026');
    expect(formatDate('2026-11-30T00:00:00Z', 'en')).to.equal('30 November 2026');
    // 23:30 UTC on 30 November is already 1 December in Brest.
    expect(formatDate(new Date('2026-11-30T23:30:00Z'), 'fr')).to.equal('1er décembre 2026');
    expect(formatDate(null, 'fr')).to.equal('');
  });
});
