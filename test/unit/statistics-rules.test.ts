/** The statistics' figures as pure functions of small fixed data sets with known answers. */
import { expect } from 'chai';
import {
  certificateFacts,
  certifiedMemberships,
  contactMemberships,
  countersOf,
  deltaOf,
  entryFacts,
  householdFacts,
  monthOf,
  periodBuckets,
  sessionFacts,
  validationFacts,
  withMember,
  type Fact,
  type Membership,
} from '../../src/features/statistics/stat-facts.js';
import {
  ageBand,
  buildingsOf,
  decimal,
  exportableBuildings,
  figuresOf,
  parsePeriod,
  periodChoices,
  toCsv,
  type CounterRow,
} from '../../src/features/statistics/statistics-rules.js';
import { columnChart, shareChart } from '../../src/features/statistics/svg-chart.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const day = (d: string) => new Date(`${d}T00:00:00Z`);

/** Facts of a fixed little world, then its counters, as the write path or a rebuild would make them. */
function world(): CounterRow[] {
  const facts = new Map<string, Fact>();
  const put = (more: Record<string, Fact>) => Object.entries(more).forEach(([id, f]) => facts.set(id, f));
  const join = (m: Membership) => facts.set(m.id, withMember(m, facts.get(m.id) ?? null, true)!);
  // Site A: 6 households in building C (3 connected), 2 in building D (1 connected), 3 in E.
  let n = 0;
  const household = (building: string, status: string, since?: string, ended?: string) =>
    put(
      householdFacts({
        id: `h${n++}`,
        site: A,
        building,
        status,
        activeSince: since ? day(since) : null,
        endedAt: ended ? day(ended) : null,
      }),
    );
  household('C', 'actif', '2026-01-10');
  household('C', 'actif', '2026-02-10');
  household('c', 'actif', '2026-05-02');
  household('C', 'termine', '2025-11-01', '2026-03-20');
  household('C', 'propose');
  household('C', '');
  household('D', 'actif', '2025-06-01');
  household('D', '');
  household('E', '');
  household('E', '');
  household('E', '');
  // Site B: one household, connected.
  put(householdFacts({ id: 'hb', site: B, building: '1', status: 'actif', activeSince: day('2026-04-01') }));
  // Support: resident r1 in January (twice) and March, r2 in March, r3 in 2025 then April.
  const entry = (id: string, site: string, resident: string, kind: string, d: string, minutes: number) => {
    put(entryFacts({ id, site, resident, kind, date: day(d), durationMinutes: minutes }));
    contactMemberships(resident, site, `e:${id}`, day(d)).forEach(join);
  };
  entry('e1', A, 'r1', 'installation', '2026-01-05', 60);
  entry('e2', A, 'r1', 'aide', '2026-01-20', 30);
  entry('e3', A, 'r1', 'aide', '2026-03-02', 45);
  entry('e4', A, 'r2', 'ordinateur', '2026-03-10', 20);
  entry('e5', A, 'r3', 'conseil-juridique', '2025-12-01', 40);
  entry('e6', A, 'r3', 'abonnement', '2026-04-01', 15);
  entry('e7', B, 'rb', 'aide', '2026-02-01', 60);
  // A session in March at site A with r2 and r4 (r4's first contact).
  const s = { id: 's1', site: A, date: day('2026-03-15'), durationMinutes: 90, attendees: ['r2', 'r4'] };
  put(sessionFacts(s));
  for (const r of s.attendees) contactMemberships(r, A, 's:s1', s.date).forEach(join);
  // Validations: two in March, one withdrawn in April.
  put(validationFacts({ id: 'v1', site: A, kind: 'validation', date: day('2026-03-15'), at: day('2026-03-16') }));
  put(validationFacts({ id: 'v2', site: A, kind: 'validation', date: day('2026-03-15'), at: day('2026-03-16') }));
  put(validationFacts({ id: 'v3', site: A, kind: 'retrait', at: day('2026-04-02') }));
  // Certificates: r2 gets two in March (one person), r4 one in April later revoked, r2's first re-issued.
  const cert = (c: Parameters<typeof certificateFacts>[0]) => {
    put(certificateFacts(c));
    certifiedMemberships(c).forEach(join);
  };
  cert({
    id: 'c1',
    site: A,
    user: 'u2',
    issuedAt: day('2026-03-16'),
    status: 'revoked',
    revokedAt: day('2026-05-01'),
    replacedBy: 'c4',
  });
  cert({ id: 'c2', site: A, user: 'u2', issuedAt: day('2026-03-20'), status: 'valid' });
  cert({ id: 'c3', site: A, user: 'u4', issuedAt: day('2026-04-03'), status: 'revoked', revokedAt: day('2026-04-10') });
  cert({ id: 'c4', site: A, user: 'u2', issuedAt: day('2026-05-01'), status: 'valid', replaces: 'c1' });
  return [...countersOf(facts.values()).values()];
}

const SITES = [
  { id: A, name: 'Kérourien' },
  { id: B, name: 'Bellevue' },
];

describe('statistics: months and periods', () => {
  it('puts a date in its month in France, not in UTC', () => {
    expect(monthOf(new Date('2026-01-31T23:30:00Z'))).to.equal('2026-02');
    expect(monthOf(new Date('2026-07-31T21:59:00Z'))).to.equal('2026-07');
    expect(monthOf(new Date('2026-07-31T22:00:00Z'))).to.equal('2026-08');
    expect(periodBuckets(day('2026-05-09'))).to.deep.equal(['2026-05', '2026-T2', '2026']);
  });

  it('reads the period filter, the current year by default, and refuses nonsense', () => {
    expect(parsePeriod(undefined, undefined, undefined, NOW)).to.deep.include({
      kind: 'annee',
      from: '2026-01',
      to: '2026-12',
      bucket: '2026',
    });
    expect(parsePeriod('2026-T2', undefined, undefined, NOW)).to.deep.include({
      from: '2026-04',
      to: '2026-06',
      bucket: '2026-T2',
    });
    expect(parsePeriod('2025-11', undefined, undefined, NOW)).to.deep.include({ kind: 'mois', from: '2025-11', to: '2025-11' });
    expect(parsePeriod('perso', '2025-11', '2026-02', NOW)).to.deep.include({ kind: 'personnalisee', bucket: null });
    for (const bad of [
      ['2026-13'],
      ['2026-T5'],
      ['perso', '2026-03', '2026-01'],
      ['perso'],
      ['x'],
      ['perso', '2000-01', '2026-01'],
    ])
      expect(parsePeriod(bad[0], bad[1], bad[2], NOW), bad.join(' ')).to.equal(null);
  });

  it('offers this year and last, their quarters so far, and the last twelve months', () => {
    const values = periodChoices(NOW).map((c) => c.value);
    expect(values.slice(0, 2)).to.deep.equal(['2026', '2025']);
    expect(values).to.include('2026-T2').and.not.include('2026-T3');
    expect(values).to.include('2026-06').and.include('2025-07').and.not.include('2025-06');
  });
});

describe('statistics: figures of a fixed little world', () => {
  const counters = world();

  it('counts households and the connection rate per site and per building', () => {
    const f = figuresOf(counters, SITES, parsePeriod('2026', '', '', NOW)!, NOW);
    expect(f.households).to.deep.equal({ households: 12, connected: 5, rate: 5 / 12 });
    expect(f.sites.map((s) => [s.name, s.households, s.connected])).to.deep.equal([
      ['Kérourien', 11, 4],
      ['Bellevue', 1, 1],
    ]);
    expect(f.buildings).to.equal(null);
    const one = figuresOf(counters, [SITES[0]!], parsePeriod('2026', '', '', NOW)!, NOW);
    // C (6 households, "c" is the same building) shown; D (2) and E (3) grouped: 5 households, 1 connected.
    expect(one.buildings).to.deep.equal([
      { label: 'C', households: 6, connected: 3, rate: 0.5 },
      { label: null, households: 5, connected: 1, rate: 0.2 },
    ]);
  });

  it('counts support entries by kind and month, with their duration, in the period only', () => {
    const f = figuresOf(counters, [SITES[0]!], parsePeriod('2026-T1', '', '', NOW)!, NOW);
    expect(f.entriesTotal).to.equal(4);
    expect(f.minutesTotal).to.equal(60 + 30 + 45 + 20);
    expect(f.support.find((s) => s.kind === 'aide')).to.deep.equal({ kind: 'aide', entries: 2, minutes: 75 });
    expect(f.months.map((m) => m.entriesTotal)).to.deep.equal([2, 0, 2]);
    const all = figuresOf(counters, SITES, parsePeriod('2026', '', '', NOW)!, NOW);
    expect(all.entriesTotal).to.equal(6);
  });

  it('counts residents once per period, new ones in the month of their first contact', () => {
    const q1 = figuresOf(counters, [SITES[0]!], parsePeriod('2026-T1', '', '', NOW)!, NOW);
    // r1, r2 (entries), r4 (session); r3 only in 2025 and April.
    expect(q1.residents).to.deep.equal({ total: 3, new: 3, returning: 0 });
    const year = figuresOf(counters, [SITES[0]!], parsePeriod('2026', '', '', NOW)!, NOW);
    // r3 came back in April: returning (first contact in December 2025).
    expect(year.residents).to.deep.equal({ total: 4, new: 3, returning: 1 });
    const custom = figuresOf(counters, [SITES[0]!], parsePeriod('perso', '2026-01', '2026-02', NOW)!, NOW);
    expect(custom.residents).to.deep.equal({ total: null, new: 1, returning: null });
  });

  it('counts sessions, attendance, validations and certificates (issued, re-issued, revoked, people)', () => {
    const f = figuresOf(counters, [SITES[0]!], parsePeriod('2026', '', '', NOW)!, NOW);
    expect([f.sessions, f.sessionMinutes, f.attendances]).to.deep.equal([1, 90, 2]);
    expect([f.validations, f.withdrawals]).to.deep.equal([2, 1]);
    // c1 revoked by its re-issue c4: neither a revocation nor a new certificate.
    expect(f.certificates).to.deep.equal({ issued: 3, reissued: 1, revoked: 1, residents: 2 });
    const march = figuresOf(counters, [SITES[0]!], parsePeriod('2026-03', '', '', NOW)!, NOW);
    expect(march.certificates.residents).to.equal(1);
  });

  it('follows subscriptions month by month, back from today', () => {
    const f = figuresOf(counters, [SITES[0]!], parsePeriod('2026', '', '', NOW)!, NOW);
    const at = (m: string) => f.months.find((x) => x.month === m)!;
    expect([at('2026-01').subscriptionsStarted, at('2026-03').subscriptionsEnded]).to.deep.equal([1, 1]);
    // Today 4 (C×3, D×1). Before May's start: 3; before March's end: 4; before February's start: 3.
    expect(f.months.slice(0, 6).map((m) => m.connectedAtEnd)).to.deep.equal([3, 4, 3, 3, 4, 4]);
    expect(at('2026-07').connectedAtEnd).to.equal(null);
  });
});

describe('statistics: facts and counters', () => {
  it('a membership counts once however many events are behind it, and goes with the last one', () => {
    const [month] = contactMemberships('r1', A, 'e:1', day('2026-03-02'));
    const once = withMember(month!, null, true);
    const twice = withMember({ ...month!, member: 'e:2' }, once, true);
    expect(twice!.counts).to.deep.equal({ residents: 1 });
    expect(twice!.members).to.deep.equal(['e:1', 'e:2']);
    expect(withMember(month!, once, true)).to.deep.equal(once);
    expect(withMember(month!, withMember({ ...month!, member: 'e:2' }, once, false), false)).to.equal(null);
  });

  it('the first contact moves to an earlier event recorded later', () => {
    const first = (d: string, id: string) => contactMemberships('r1', A, id, day(d))[3]!;
    const f1 = withMember(first('2026-03-02', 'e:1'), null, true);
    const f2 = withMember(first('2026-01-09', 'e:2'), f1, true);
    expect([f1!.bucket, f2!.bucket]).to.deep.equal(['2026-03', '2026-01']);
    expect(deltaOf(f1, f2)).to.deep.equal(
      new Map([
        [`${A}|2026-03`, { new_residents: -1 }],
        [`${A}|2026-01`, { new_residents: 1 }],
      ]),
    );
  });
});

describe('statistics: anonymous exports', () => {
  it('gives age bands from the birth year', () => {
    expect([2010, 2001, 1990, 1970, 1960, 1940, null].map((y) => ageBand(y, NOW))).to.deep.equal([
      'moins-de-26',
      'moins-de-26',
      '26-44',
      '45-59',
      '60-74',
      '75-et-plus',
      'inconnu',
    ]);
  });

  it('shows a building only with 5 households or more', () => {
    const shown = exportableBuildings(['A', 'A', 'a', 'A ', 'A', 'B', 'B', '']);
    expect([shown('A'), shown('a'), shown('B'), shown('')]).to.deep.equal(['A', 'A', null, null]);
    expect(buildingsOf({ 'b:X': 4, 'bc:X': 4 })).to.deep.equal([]);
  });

  it('writes CSV that a French spreadsheet opens as it is', () => {
    const csv = toCsv([
      ['Nom', 'Valeur'],
      ['a;b', decimal(12.345, 1)],
      ['dit "oui"', null],
      ['=1+1', -3],
    ]);
    expect(csv).to.equal('\uFEFFNom;Valeur\r\n"a;b";12,3\r\n"dit ""oui""";\r\n\'=1+1;-3\r\n');
  });
});

describe('statistics: SVG charts', () => {
  it('have a title, a description, and escape what they show', () => {
    const svg = columnChart({
      id: 'g',
      title: 'Titre <b>',
      desc: 'Janvier : 3',
      bars: [{ label: '<script>', value: 3, text: '3' }],
    });
    expect(svg).to.match(/^<svg class="chart" id="g" role="img" aria-labelledby="g-t g-d"/);
    expect(svg).to.include('<title id="g-t">Titre &lt;b&gt;</title>').and.include('<desc id="g-d">Janvier : 3</desc>');
    expect(svg).to.not.include('<script>');
    const share = shareChart({ id: 's', title: 't', desc: 'd', bars: [{ label: 'C', value: 0.5, text: '50 %' }] });
    expect(share).to.include('width="185"');
    expect(
      Buffer.byteLength(
        columnChart({
          id: 'y',
          title: 't',
          desc: 'd',
          bars: Array.from({ length: 12 }, (_, i) => ({ label: `m${i}`, value: i, text: String(i) })),
        }),
      ),
    ).to.be.lessThan(3000);
  });
});
