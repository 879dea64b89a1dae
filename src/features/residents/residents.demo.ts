/**
 * Demo support records for `npm run seed:demo`: the demo residents get a record
 * linked to their account, a household with a dwelling and a subscription, and a
 * support entry of every kind; a second site "Bellevue (démo)" gets its own leader
 * and one resident, to try cross-site refusals by hand. Idempotent: a record that
 * exists is left as it is, and entries carry fixed submission ids.
 */
import { createHash } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_SITE, ensureAccount, linkResidentAccount, setLargeText, type SessionUser } from '../accounts/index.js';
import { findOrCreateSite } from '../sites/index.js';

import { findDemoResidentByName, findResidentOfUser } from './resident.repository.js';
import { createResident, recordNotice, updateResident, type DwellingInput, type IdentityInput } from './resident.service.js';
import { addEntry } from './support.service.js';
import type { EntryInput } from './support-forms.js';
import { parseId } from '../../platform/ids.js';

export const DEMO_SITE_2 = 'Bellevue (démo)';

const daysAgo = (n: number): Date => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - n);
  return d;
};
const demoSubmission = (key: string) => createHash('sha256').update(`demo:${key}`).digest('hex').slice(0, 32);

async function leader(username: string, displayName: string, siteId: string): Promise<SessionUser> {
  const { user } = await ensureAccount({ username, displayName, role: 'leader', password: DEMO_PASSWORD, siteId, demo: true });
  return user;
}

const identity = (firstName: string, lastName: string, extra: Partial<IdentityInput> = {}): IdentityInput => ({
  firstName,
  lastName,
  birthYear: null,
  phone: '',
  noPhone: false,
  email: '',
  jobSeeker: false,
  readingNeeds: [],
  ...extra,
});

const dwelling = (building: string, entrance: string, flat: string): DwellingInput => ({
  building,
  entrance,
  flat,
  address: `rue de Kérourien, bâtiment ${building}, Brest`,
  landlordRef: `BMH-${building}${flat}`,
});

/** The record of a demo account, created once and linked both ways. */
async function ensureRecord(
  actor: SessionUser,
  username: string | null,
  who: IdentityInput,
  where: DwellingInput,
  created: string[],
): Promise<string> {
  let userId: string | null = null;
  if (username) {
    const { user } = await ensureAccount({
      username,
      displayName: `${who.firstName} ${who.lastName}`,
      role: 'resident',
      password: DEMO_PASSWORD,
      siteId: actor.siteId,
      demo: true,
    });
    userId = user.id;
  }
  const existing = userId
    ? await findResidentOfUser(parseId(userId))
    : await findDemoResidentByName(parseId(actor.siteId!), who.firstName, who.lastName);
  if (existing) return String(existing._id);
  const id = await createResident(actor, { ...who, dwelling: where }, { demo: true });
  if (userId) {
    await updateResident(parseId(id), { $set: { user: parseId(userId) } });
    await linkResidentAccount(userId, id);
    // The record's "gros caractères" turns larger text on for the account, as a leader's note does.
    if (who.readingNeeds.includes('gros-caracteres')) await setLargeText(userId, true);
  }
  await recordNotice(actor, id, daysAgo(60));
  created.push(`dossier ${who.firstName} ${who.lastName}`);
  return id;
}

type Entry = Omit<EntryInput, 'submission' | 'date'> & { daysAgo: number };

async function ensureEntries(actor: SessionUser, residentId: string, key: string, entries: Entry[]): Promise<void> {
  for (const [i, e] of entries.entries()) {
    const { daysAgo: n, ...rest } = e;
    await addEntry(actor, residentId, { ...rest, date: daysAgo(n), submission: demoSubmission(`${key}:${i}`) } as EntryInput);
  }
}

const common = { durationMinutes: 45, notes: '' };

const MARIE_ENTRIES: Entry[] = [
  {
    kind: 'abonnement',
    place: 'espace',
    ...common,
    daysAgo: 55,
    details: { status: 'propose', offer: 'Accès partagé Kérourien', monthlyChargeCents: 100 },
  },
  {
    kind: 'abonnement',
    place: 'espace',
    ...common,
    daysAgo: 50,
    details: { status: 'souscrit', offer: '', monthlyChargeCents: null },
  },
  {
    kind: 'abonnement',
    place: 'domicile',
    ...common,
    daysAgo: 45,
    details: { status: 'modem-livre', offer: '', monthlyChargeCents: null },
  },
  {
    kind: 'installation',
    place: 'domicile',
    durationMinutes: 60,
    notes: 'Modem posé dans le salon.',
    daysAgo: 45,
    details: { equipment: 'Modem et ordinateur portable', problem: 'Première connexion au Wi-Fi', solved: true },
  },
  {
    kind: 'abonnement',
    place: 'domicile',
    ...common,
    daysAgo: 44,
    details: { status: 'actif', offer: '', monthlyChargeCents: null },
  },
  {
    kind: 'ordinateur',
    place: 'espace',
    ...common,
    daysAgo: 40,
    details: {
      device: 'Portable Lenovo ThinkPad T470',
      system: 'Linux Mint 22',
      priceCents: 5000,
      assetTag: 'KRN-0142',
      warrantyEnd: daysAgo(-325),
    },
  },
  {
    kind: 'aide',
    place: 'espace',
    durationMinutes: 30,
    notes: '',
    daysAgo: 20,
    details: {
      themes: ['courriel', 'fichiers'],
      autonomy: 'avec-aide',
      referral: '',
      referralType: null,
      referralReason: '',
      followUpOn: null,
    },
  },
  {
    // A box subscription signed at a shop five days ago: still time to withdraw (the
    // leader's home lists the deadline, Marie reads it on "Mon dossier", the letter is ready).
    kind: 'conseil-juridique',
    place: 'espace',
    durationMinutes: 40,
    notes: '',
    daysAgo: 4,
    details: {
      partner: 'Box Atlantique',
      subject: 'retractation',
      outcome: 'Le contrat ne convient pas : lettre de rétractation préparée.',
      status: 'en-cours',
      operatorAddress: 'Service clients, BP 40, 29200 Brest',
      contractKind: 'service',
      signedOn: daysAgo(5),
      deliveredOn: null,
      commitmentEnd: daysAgo(-360),
    },
  },
];

const KARIM_ENTRIES: Entry[] = [
  {
    kind: 'abonnement',
    place: 'espace',
    ...common,
    daysAgo: 30,
    details: { status: 'propose', offer: 'Accès partagé Kérourien', monthlyChargeCents: 100 },
  },
  {
    kind: 'conseil-juridique',
    place: 'espace',
    durationMinutes: 40,
    notes: '',
    daysAgo: 28,
    details: {
      partner: 'Opérateur mobile',
      subject: 'resiliation',
      outcome: 'Lettre de résiliation préparée et envoyée.',
      status: 'en-cours',
      // A phone bought with a plan: the commitment ends soon, then it can be cancelled at no cost.
      operatorAddress: 'Service clients, 75000 Paris',
      contractKind: 'bien',
      signedOn: daysAgo(30),
      deliveredOn: daysAgo(29),
      commitmentEnd: daysAgo(-10),
    },
  },
  {
    kind: 'aide',
    place: 'espace',
    durationMinutes: 60,
    notes: 'CV mis à jour.',
    daysAgo: 14,
    details: {
      themes: ['emploi', 'demarches'],
      autonomy: 'seul',
      referral: 'France Travail',
      // Sent to France Travail: the leader asks how it went in a few days (home page).
      referralType: 'insertion_professionnelle',
      referralReason: 'Inscription et premier rendez-vous avec un conseiller.',
      followUpOn: daysAgo(-3),
    },
  },
];

const JOSIANE_ENTRIES: Entry[] = [
  {
    kind: 'abonnement',
    place: 'domicile',
    ...common,
    daysAgo: 35,
    details: { status: 'actif', offer: 'Accès partagé Kérourien', monthlyChargeCents: 100 },
  },
  {
    kind: 'installation',
    place: 'domicile',
    durationMinutes: 50,
    notes: '',
    daysAgo: 10,
    details: { equipment: 'Imprimante', problem: 'L’imprimante n’imprime plus depuis la tablette.', solved: false },
  },
  {
    kind: 'aide',
    place: 'distance',
    durationMinutes: 20,
    notes: '',
    daysAgo: 5,
    details: {
      themes: ['visio'],
      autonomy: 'pas-encore',
      referral: '',
      referralType: null,
      referralReason: '',
      followUpOn: null,
    },
  },
  {
    kind: 'conseil-juridique',
    place: 'espace',
    durationMinutes: 30,
    notes: '',
    daysAgo: 3,
    details: {
      partner: 'Fournisseur de box',
      subject: 'litige-facture',
      outcome: 'Facture corrigée après appel.',
      status: 'regle',
      operatorAddress: '',
      contractKind: null,
      signedOn: null,
      deliveredOn: null,
      commitmentEnd: null,
    },
  },
  {
    kind: 'ordinateur',
    place: 'espace',
    ...common,
    daysAgo: 2,
    details: {
      device: 'Tablette Samsung Tab A',
      system: 'Android 13',
      priceCents: 3000,
      assetTag: 'KRN-0155',
      warrantyEnd: null,
    },
  },
];

const YVONNE_ENTRIES: Entry[] = [
  {
    kind: 'aide',
    place: 'espace',
    ...common,
    daysAgo: 7,
    details: {
      themes: ['smartphone'],
      autonomy: 'avec-aide',
      referral: '',
      referralType: null,
      referralReason: '',
      followUpOn: null,
    },
  },
];

export async function seedDemoResidents(): Promise<{ created: string[] }> {
  const created: string[] = [];
  const site = await findOrCreateSite({ name: DEMO_SITE, neighbourhood: 'Kérourien, Brest', address: 'Brest', demo: true });
  const anim = await leader('anim.demo', 'Yann Animateur (démo)', site.id);

  const marie = await ensureRecord(
    anim,
    'marie.demo',
    identity('Marie-Hélène', 'Le Guérec', { birthYear: 1954, phone: '02 98 00 00 01', readingNeeds: ['gros-caracteres'] }),
    dwelling('C', '2', '41'),
    created,
  );
  const karim = await ensureRecord(
    anim,
    'karim.demo',
    identity('Karim', 'Benali', { birthYear: 1988, jobSeeker: true, email: 'karim.demo@example.org' }),
    dwelling('D', '1', '12'),
    created,
  );
  const josiane = await ensureRecord(
    anim,
    'josiane.demo',
    identity('Josiane', 'Kerhervé', { birthYear: 1947, noPhone: true, readingNeeds: ['facile-a-lire'] }),
    dwelling('A', '3', '7'),
    created,
  );

  await ensureEntries(anim, marie, 'marie', MARIE_ENTRIES);
  await ensureEntries(anim, karim, 'karim', KARIM_ENTRIES);
  await ensureEntries(anim, josiane, 'josiane', JOSIANE_ENTRIES);

  // The second site, to try refusals across sites by hand.
  const bellevue = await findOrCreateSite({ name: DEMO_SITE_2, neighbourhood: 'Bellevue, Brest', address: 'Brest', demo: true });
  const anim2 = await leader('anim2.demo', 'Nolwenn Animatrice (démo)', bellevue.id);
  const yvonne = await ensureRecord(
    anim2,
    null,
    identity('Yvonne', 'Le Bihan', { birthYear: 1950 }),
    dwelling('B', '1', '5'),
    created,
  );
  await ensureEntries(anim2, yvonne, 'yvonne', YVONNE_ENTRIES);
  return { created };
}
