import { expect } from 'chai';
import {
  anonymisedDetails,
  anonymisedIdentity,
  buildTimeline,
  dwellingKey,
  filterResidents,
  followUpAfter,
  isRetentionDue,
  subscriptionAfterChange,
  yearsBefore,
} from '../../src/features/residents/resident-rules.js';

const d = (s: string) => new Date(s);

describe('resident rules (pure)', () => {
  describe('retention: no contact for two years', () => {
    const now = d('2026-03-15T10:00:00Z');
    it('is due exactly two years after the last contact, not a day before', () => {
      expect(isRetentionDue({ createdAt: d('2020-01-01'), lastContactAt: d('2024-03-15T10:00:00Z') }, now)).to.equal(true);
      expect(isRetentionDue({ createdAt: d('2020-01-01'), lastContactAt: d('2024-03-16T00:00:00Z') }, now)).to.equal(false);
    });
    it('counts the creation date when there was never a contact', () => {
      expect(isRetentionDue({ createdAt: d('2024-03-01'), lastContactAt: null }, now)).to.equal(true);
      expect(isRetentionDue({ createdAt: d('2025-03-01') }, now)).to.equal(false);
    });
    it('never anonymises twice', () => {
      expect(isRetentionDue({ createdAt: d('2010-01-01'), anonymisedAt: d('2020-01-01') }, now)).to.equal(false);
    });
    it('counts calendar years', () => {
      expect(yearsBefore(d('2026-02-28T00:00:00Z'), 2).toISOString()).to.equal('2024-02-28T00:00:00.000Z');
    });
  });

  describe('anonymisation', () => {
    it('removes the identity and keeps the decade of birth', () => {
      const now = d('2026-01-01');
      expect(anonymisedIdentity({ birthYear: 1957 }, now)).to.deep.equal({
        firstName: 'Anonyme',
        lastName: '',
        phone: '',
        email: '',
        noPhone: false,
        searchKeys: [],
        initial: '#',
        birthYear: 1950,
        anonymisedAt: now,
      });
      expect(anonymisedIdentity({}, now).birthYear).to.equal(undefined);
    });
    it('clears free texts of details and keeps the choices', () => {
      expect(anonymisedDetails('installation', { equipment: 'box', problem: 'chez Mme X', solved: true })).to.deep.equal({
        equipment: 'box',
        problem: '',
        solved: true,
      });
      expect(anonymisedDetails('aide', { themes: ['courriel'], referral: 'M. Y au CCAS' })).to.deep.equal({
        themes: ['courriel'],
        referral: '',
      });
      expect(anonymisedDetails('inconnu', { a: 1 })).to.deep.equal({ a: 1 });
    });
  });

  it('says when a follow-up is needed', () => {
    expect(followUpAfter('installation', { solved: false })).to.equal(true);
    expect(followUpAfter('installation', { solved: true })).to.equal(false);
    expect(followUpAfter('conseil-juridique', { status: 'en-cours' })).to.equal(true);
    expect(followUpAfter('aide', {})).to.equal(undefined);
  });

  it('finds the same dwelling written differently', () => {
    expect(dwellingKey({ building: 'Bât. É ', entrance: '2', flat: '41' })).to.equal(
      dwellingKey({ building: 'bat. e', entrance: '2', flat: '41' }),
    );
  });

  it('finds the same dwelling whatever the building is called', () => {
    expect(dwellingKey({ building: 'Bât. C', entrance: '2', flat: '41' })).to.equal(
      dwellingKey({ building: 'bat c', entrance: '2', flat: '41' }),
    );
  });

  it('filters and sorts a site’s residents by name, building, flat and status', () => {
    const row = (firstName: string, lastName: string, building: string, flat: string, status: string, followUp = false) => ({
      firstName,
      lastName,
      building,
      entrance: '',
      flat,
      subscriptionStatus: status,
      followUp,
    });
    const rows = [
      row('Karim', 'Benali', 'C', '12', 'actif'),
      row('Marie', 'Le Guérec', 'C', '41', ''),
      row('Josiane', 'Kerhervé', 'D', '3', 'termine', true),
    ];
    expect(filterResidents(rows, 'guerec', 'tous').map((r) => r.firstName)).to.deep.equal(['Marie']);
    expect(filterResidents(rows, 'c', 'tous').map((r) => r.firstName)).to.deep.equal(['Karim', 'Marie']);
    expect(filterResidents(rows, '', 'sans-abonnement').map((r) => r.firstName)).to.deep.equal(['Josiane', 'Marie']);
    expect(filterResidents(rows, '', 'suivi').map((r) => r.firstName)).to.deep.equal(['Josiane']);
    expect(filterResidents(rows, 'marie 41', 'tous')).to.have.length(1);
  });

  it('builds the timeline newest first, with entries, workshops and the notice', () => {
    const items = buildTimeline(
      [{ id: 'e1', kind: 'aide', date: d('2026-01-10') }],
      [{ id: 's1', moduleId: 'boite-mail', date: d('2026-01-12'), leaderName: 'Yann' }],
      { givenAt: d('2026-01-05'), givenByName: 'Yann' },
      (id) => `Module ${id}`,
    );
    expect(items.map((i) => i.type)).to.deep.equal(['session', 'entry', 'notice']);
    expect(items[0]).to.include({ moduleTitle: 'Module boite-mail' });
    expect(buildTimeline([], [], null, String)).to.deep.equal([]);
  });

  it('moves a subscription to a new status and keeps the earlier dates', () => {
    const first = subscriptionAfterChange(null, {
      status: 'propose',
      offer: 'Accès 1 €',
      monthlyChargeCents: 100,
      date: d('2026-01-01'),
    });
    const next = subscriptionAfterChange(first, { status: 'actif', offer: '', monthlyChargeCents: null, date: d('2026-02-01') });
    expect(next).to.deep.equal({
      status: 'actif',
      offer: 'Accès 1 €',
      monthlyChargeCents: 100,
      dates: { propose: d('2026-01-01'), actif: d('2026-02-01') },
    });
  });
});
