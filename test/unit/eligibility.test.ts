import { expect } from 'chai';
import {
  certificateRules,
  evaluateRule,
  evaluateRules,
  publicName,
  snapshotSkills,
  type ContentModule,
  type SocleRules,
  type ValidationFact,
} from '../../src/features/certificates/eligibility.js';
import { parseSocleRules, SocleRulesError } from '../../src/features/certificates/socle-rules.js';

const modules: ContentModule[] = [
  {
    id: 'ordi',
    title: 'Découvrir l’ordinateur',
    skills: [
      { id: 'ordi-a', title: 'Allumer' },
      { id: 'ordi-b', title: 'Souris' },
    ],
  },
  {
    id: 'mail',
    title: 'Ma boîte mail',
    skills: [
      { id: 'mail-a', title: 'Lire' },
      { id: 'mail-b', title: 'Joindre' },
    ],
  },
];
const socle: SocleRules = { title: 'Socle', modules: ['ordi'], skills: ['mail-b'], minLevel: 'avec-aide' };
const now = new Date('2026-03-10T12:00:00Z');
const v = (level: 'avec-aide' | 'seul', date = '2026-03-01'): ValidationFact => ({
  level,
  date: new Date(date),
  method: 'atelier',
  byName: 'Yann',
});

describe('certificate eligibility (pure)', () => {
  const rules = certificateRules(modules, socle);

  it('has one rule per module, plus the socle from content', () => {
    expect(rules.map((r) => r.ref)).to.deep.equal(['ordi', 'mail', 'socle']);
    expect(rules[2]!.skills.map((s) => s.id)).to.deep.equal(['ordi-a', 'ordi-b', 'mail-b']);
    expect(certificateRules(modules, null).map((r) => r.ref)).to.deep.equal(['ordi', 'mail']);
  });

  it('gives a module certificate when every skill of the module is validated', () => {
    const some = evaluateRule(rules[0]!, { 'ordi-a': v('seul') }, new Set(), now);
    expect(some.eligible).to.equal(false);
    expect(some.missing.map((s) => s.id)).to.deep.equal(['ordi-b']);
    const all = evaluateRule(rules[0]!, { 'ordi-a': v('seul'), 'ordi-b': v('avec-aide') }, new Set(), now);
    expect(all.eligible).to.equal(true);
    expect(all.missing).to.deep.equal([]);
  });

  it('gives the socle when its core skills are validated, at the level content asks for', () => {
    const facts = { 'ordi-a': v('seul'), 'ordi-b': v('seul'), 'mail-b': v('avec-aide') };
    expect(evaluateRule(rules[2]!, facts, new Set(), now).eligible).to.equal(true);
    const strict = certificateRules(modules, { ...socle, minLevel: 'seul' })[2]!;
    const res = evaluateRule(strict, facts, new Set(), now);
    expect(res.eligible).to.equal(false);
    expect(res.missing.map((s) => s.id)).to.deep.equal(['mail-b']);
  });

  it('ignores validations dated after now, and marks what is already issued', () => {
    const facts = { 'ordi-a': v('seul'), 'ordi-b': v('seul', '2026-03-11') };
    expect(evaluateRule(rules[0]!, facts, new Set(), now).eligible).to.equal(false);
    const statuses = evaluateRules(rules, { 'ordi-a': v('seul'), 'ordi-b': v('seul') }, new Set(['ordi']), now);
    expect(statuses[0]).to.include({ eligible: true, issued: true });
    expect(statuses[1]).to.include({ eligible: false, issued: false });
  });

  it('keeps a snapshot of each skill with level, method, leader and date', () => {
    const snap = snapshotSkills(rules[0]!, { 'ordi-a': v('seul'), 'ordi-b': { ...v('avec-aide'), session: 's1' } });
    expect(snap).to.have.length(2);
    expect(snap[0]).to.deep.include({ skillId: 'ordi-a', title: 'Allumer', level: 'seul', byName: 'Yann', method: 'atelier' });
    expect(snap[1]).to.deep.include({ session: 's1' });
  });

  it('shows the first name and the initial of the last name only', () => {
    expect(publicName({ fullName: 'Marie-Hélène Le Guérec' })).to.equal('Marie-Hélène L.');
    expect(publicName({ firstName: 'Jean Pierre', lastName: 'élan' })).to.equal('Jean Pierre É.');
    expect(publicName({ fullName: 'Cher' })).to.equal('Cher');
  });
});

describe('socle rules from content/socle.yaml (pure)', () => {
  it('reads a valid file', () => {
    const rules = parseSocleRules('title: Socle\nmodules: [ordi]\nskills: [mail-b]\n', 'content/socle.yaml', modules);
    expect(rules).to.deep.equal({ title: 'Socle', modules: ['ordi'], skills: ['mail-b'], minLevel: 'avec-aide', version: 1 });
  });

  it('fails with the file, the line and the problem', () => {
    const bad = (text: string) => {
      try {
        parseSocleRules(text, 'content/socle.yaml', modules);
      } catch (err) {
        expect(err).to.be.instanceOf(SocleRulesError);
        return (err as SocleRulesError).problems;
      }
      throw new Error('no error');
    };
    expect(bad('title: Socle\nmodules:\n  - ordi\n  - inconnu\n')).to.deep.equal([
      'content/socle.yaml:4: le module « inconnu » n’existe pas dans content/.',
    ]);
    expect(bad('title: Socle\nskills: [mail-z]\n')[0]).to.match(/^content\/socle\.yaml:2: .*mail-z/);
    expect(bad('title: Socle\n')[0]).to.include('au moins un module');
    expect(bad('title: Socle\nmodules: [ordi]\nminLevel: expert\n')[0]).to.match(/^content\/socle\.yaml:3: minLevel/);
    expect(bad('title: Socle\nmodules: [ordi]\nmodule: [x]\n')[0]).to.match(/^content\/socle\.yaml/);
    expect(bad('title: [\n')[0]).to.match(/^content\/socle\.yaml:\d+: YAML illisible/);
  });
});

import { certificateTerms, isExpired } from '../../src/features/certificates/eligibility.js';

describe('the socle rules, version 2: level, methods, validity (pure)', () => {
  const strict: SocleRules = {
    title: 'Socle',
    modules: ['ordi'],
    skills: [],
    minLevel: 'seul',
    methods: ['atelier', 'mise-en-pratique'],
    version: 2,
    validityYears: 3,
  };
  const rule = certificateRules(modules, strict).find((r) => r.ref === 'socle')!;
  const fact = (level: 'avec-aide' | 'seul', method: string): ValidationFact => ({
    level,
    date: new Date('2026-03-01'),
    method,
    byName: 'Yann',
  });

  it('counts a skill done alone, observed in a session or an individual session', () => {
    const ok = { 'ordi-a': fact('seul', 'atelier'), 'ordi-b': fact('seul', 'mise-en-pratique') };
    expect(evaluateRule(rule, ok, new Set(), now).eligible).to.equal(true);
  });

  it('does not count "with help", a conversation or exercise scores alone', () => {
    for (const [level, method] of [
      ['avec-aide', 'atelier'],
      ['seul', 'entretien'],
      ['seul', 'resultats-exercices'],
      ['seul', ''],
    ] as const) {
      const facts = { 'ordi-a': fact('seul', 'atelier'), 'ordi-b': fact(level, method) };
      const status = evaluateRule(rule, facts, new Set(), now);
      expect(status.eligible, `${level} ${method}`).to.equal(false);
      expect(status.missing.map((s) => s.id)).to.deep.equal(['ordi-b']);
    }
  });

  it('keeps module certificates as they were: any method, with help', () => {
    const moduleRule = certificateRules(modules, strict)[0]!;
    const facts = { 'ordi-a': fact('avec-aide', 'entretien'), 'ordi-b': fact('avec-aide', 'resultats-exercices') };
    expect(evaluateRule(moduleRule, facts, new Set(), now).eligible).to.equal(true);
    expect(certificateTerms(moduleRule, now)).to.deep.equal({});
  });

  it('records the rules version and a validity of three years on a new certificate', () => {
    expect(certificateTerms(rule, new Date('2026-11-30T10:00:00Z'))).to.deep.equal({
      rulesVersion: 2,
      validUntil: new Date('2029-11-30T10:00:00Z'),
    });
  });

  it('expires the day after the last day of validity, in Brest', () => {
    const until = new Date('2029-11-30T10:00:00Z');
    expect(isExpired(until, new Date('2029-11-30T22:00:00Z'))).to.equal(false); // 23:00 in Brest, same day
    expect(isExpired(until, new Date('2029-11-30T23:30:00Z'))).to.equal(true); // already 1 December in Brest
    expect(isExpired(undefined, new Date('2099-01-01'))).to.equal(false);
  });

  it('reads version, methods and validity from socle.yaml; version 1 when absent', () => {
    const text =
      'version: 2\ntitle: Socle\nmodules: [ordi]\nminLevel: seul\nmethods: [atelier, mise-en-pratique]\nvalidityYears: 3\n';
    expect(parseSocleRules(text, 'content/socle.yaml', modules)).to.deep.include({
      version: 2,
      minLevel: 'seul',
      methods: ['atelier', 'mise-en-pratique'],
      validityYears: 3,
    });
    const old = parseSocleRules('title: Socle\nmodules: [ordi]\n', 'content/socle.yaml', modules);
    expect(old.version).to.equal(1);
    expect(old.methods).to.equal(undefined);
    expect(() =>
      parseSocleRules('title: Socle\nmodules: [ordi]\nmethods: [telepathie]\n', 'content/socle.yaml', modules),
    ).to.throw(SocleRulesError, /content\/socle\.yaml:3: methods.0 : méthode inconnue/);
  });

  it('the real socle.yaml asks for "seul", observation in practice, three years, and the skills an employer expects', async () => {
    const { readFile } = await import('node:fs/promises');
    const { loadContent } = await import('../../src/features/workshops/content.loader.js');
    const cat = await loadContent('content');
    const real = parseSocleRules(await readFile('content/socle.yaml', 'utf8'), 'content/socle.yaml', cat.modules);
    expect(real).to.deep.include({ minLevel: 'seul', methods: ['atelier', 'mise-en-pratique'], validityYears: 3 });
    expect(real.version).to.be.at.least(2);
    for (const skill of ['ecr-saisir', 'doc-enregistrer', 'doc-retrouver', 'ecr-pdf', 'lien-appel-video', 'tel-codes-sms'])
      expect(real.skills, skill).to.include(skill);
  });
});

import { dayInBrest, observationDate } from '../../src/features/validation/validation-rules.js';

describe('validation dates (pure)', () => {
  const now = new Date('2026-03-10T23:30:00Z'); // already 11 March in Brest
  it('takes today in Brest and past days, at noon UTC', () => {
    expect(dayInBrest(now)).to.equal('2026-03-11');
    expect(observationDate('2026-03-11', now)?.toISOString()).to.equal('2026-03-11T12:00:00.000Z');
    expect(observationDate('2024-02-29', now)).to.be.instanceOf(Date);
  });
  it('refuses the future, impossible days, old days and junk', () => {
    for (const bad of ['2026-03-12', '2025-02-29', '2009-12-31', '11/03/2026', '', '2026-3-1'])
      expect(observationDate(bad, now), bad).to.equal(null);
  });
});
