/**
 * A year of demo activity at "Kérourien (démo)" for `npm run seed:demo`, so that the
 * statistics page shows something true to life: 48 more households in six buildings
 * (two too small to show alone), subscriptions that start through the year, support
 * entries of every kind, a weekly workshop, validated skills and certificates. Made
 * through the features' own services, so the counters are kept as in real use; then
 * the counters are checked against a rebuild. Idempotent: done once, then left alone.
 * The people are invented (names from common first and last names, no phone, no e-mail).
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { DEMO_PASSWORD, DEMO_SITE, ensureAccount, type SessionUser } from '../accounts/index.js';
import { issueCertificate, revokeCertificate } from '../certificates/index.js';
import { addEntry, createAccountFromRecord, createResident, recordNotice, type EntryInput } from '../residents/index.js';
import { createSession, demoSessionExists, setAttendance } from '../sessions/index.js';
import { findOrCreateSite, getSiteDetail, listSites } from '../sites/index.js';
import { validateSkill } from '../validation/index.js';
import { catalogue } from '../workshops/index.js';
import { rebuildStatistics } from './stats-rebuild.service.js';

const MARKER = 'Démo : une année d’activité';
const FIRST = [
  'Anne',
  'Bernard',
  'Corentin',
  'Danielle',
  'Erwan',
  'Fatou',
  'Gwenaëlle',
  'Hervé',
  'Inès',
  'Jean-Yves',
  'Katell',
  'Loïc',
];
const LAST = [
  'Abgrall',
  'Bideau',
  'Cozian',
  'Diallo',
  'Floc’h',
  'Guivarch',
  'Jaouen',
  'Le Roux',
  'Mével',
  'Nédélec',
  'Pennec',
  'Quéré',
];
/** Buildings and how many demo households each: E and F are too small to show alone. */
const BUILDINGS: [string, number][] = [
  ['A', 12],
  ['B', 11],
  ['C', 9],
  ['D', 11],
  ['E', 2],
  ['F', 3],
];
const THEMES = ['courriel', 'demarches', 'emploi', 'sante', 'banque', 'smartphone', 'securite', 'fichiers', 'visio'];
const MODULES = ['decouvrir-ordinateur', 'boite-mail'];

/** A small seeded generator (mulberry32): the same year on every machine. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const daysAgo = (n: number) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - n);
  return d;
};
const submission = (key: string) => createHash('sha256').update(`demo-stats:${key}`).digest('hex').slice(0, 32);

/** What each step of the year needs: the leader, the seeded chance, the residents made so far. */
interface Year {
  anim: SessionUser;
  rnd: () => number;
  pick: <T>(xs: readonly T[]) => T;
  between: (lo: number, hi: number) => number;
  residents: { id: string; since: number }[];
  /** Called once per household, entry day and workshop: the seed's progress line (a city's data makes each write slower). */
  step: () => Promise<void>;
}

const entryOf = (y: Year) => async (r: { id: string }, key: string, input: Omit<EntryInput, 'submission'>) =>
  addEntry(y.anim, r.id, { ...input, submission: submission(key) } as EntryInput);

async function householdsAndResidents(y: Year): Promise<void> {
  const { anim, rnd, between, residents } = y;
  // Households and residents, each known from some day of the past year.
  let n = 0;
  for (const [building, count] of BUILDINGS) {
    for (let i = 0; i < count; i++) {
      await y.step();
      const id = await createResident(
        anim,
        {
          firstName: FIRST[n % FIRST.length]!,
          lastName: LAST[(n * 5 + 3) % LAST.length]!,
          birthYear: between(1940, 2004),
          phone: '',
          noPhone: true,
          email: '',
          jobSeeker: rnd() < 0.3,
          readingNeeds: [],
          dwelling: {
            building,
            entrance: String(1 + (i % 3)),
            flat: String(100 + i),
            address: 'Kérourien, Brest',
            landlordRef: '',
          },
        },
        { demo: true },
      );
      const since = between(20, 365);
      await recordNotice(anim, id, daysAgo(since));
      residents.push({ id, since });
      n++;
    }
  }
}

async function subscriptions(y: Year): Promise<void> {
  const { rnd, between, residents } = y;
  const entry = entryOf(y);
  // Subscriptions: two households in three subscribe within weeks of their first visit; a few end.
  for (const [i, r] of residents.entries()) {
    await y.step();
    if (rnd() > 0.66) continue;
    const start = Math.max(1, r.since - between(0, 20));
    const offer = { offer: 'Accès partagé Kérourien', monthlyChargeCents: 100 };
    await entry(r, `sub:${i}:1`, {
      kind: 'abonnement',
      date: daysAgo(start),
      durationMinutes: 20,
      place: 'espace',
      notes: '',
      details: { status: 'souscrit', ...offer },
    });
    const active = Math.max(0, start - between(5, 15));
    await entry(r, `sub:${i}:2`, {
      kind: 'abonnement',
      date: daysAgo(active),
      durationMinutes: 30,
      place: 'domicile',
      notes: '',
      details: { status: 'actif', offer: '', monthlyChargeCents: null },
    });
    if (rnd() < 0.08 && active > 30) {
      await entry(r, `sub:${i}:3`, {
        kind: 'abonnement',
        date: daysAgo(between(1, active - 1)),
        durationMinutes: 15,
        place: 'espace',
        notes: '',
        details: { status: 'termine', offer: '', monthlyChargeCents: null },
      });
    }
  }
}

async function supportEntries(y: Year): Promise<void> {
  const { rnd, pick, between, residents } = y;
  const entry = entryOf(y);
  // About fifteen support entries a month, fewer in August.
  for (let day = 364; day >= 0; day -= 2) {
    await y.step();
    const date = daysAgo(day);
    if (date.getUTCMonth() === 7 && rnd() < 0.6) continue;
    const r = pick(residents.filter((x) => x.since >= day));
    if (!r) continue;
    const roll = rnd();
    const base = { date, notes: '', durationMinutes: between(2, 8) * 10 };
    const key = `entry:${day}`;
    if (roll < 0.55)
      await entry(r, key, {
        ...base,
        kind: 'aide',
        place: 'espace',
        details: {
          themes: [pick(THEMES), pick(THEMES)].filter((t, i, a) => a.indexOf(t) === i),
          autonomy: pick(['pas-encore', 'avec-aide', 'seul']),
          referral: '',
        },
      } as Omit<EntryInput, 'submission'>);
    else if (roll < 0.75)
      await entry(r, key, {
        ...base,
        kind: 'installation',
        place: 'domicile',
        details: { equipment: 'Box et ordinateur', problem: 'Première installation', solved: rnd() < 0.8 },
      } as Omit<EntryInput, 'submission'>);
    else if (roll < 0.88)
      await entry(r, key, {
        ...base,
        kind: 'ordinateur',
        place: 'espace',
        details: {
          device: 'Portable reconditionné',
          system: 'Linux Mint',
          priceCents: 3500,
          assetTag: `KRN-D${day}`,
          warrantyEnd: null,
        },
      } as Omit<EntryInput, 'submission'>);
    else
      await entry(r, key, {
        ...base,
        kind: 'conseil-juridique',
        place: 'espace',
        details: {
          partner: 'Association de consommateurs',
          subject: pick(['choix-offre', 'resiliation', 'litige-facture']),
          outcome: 'Conseil donné',
          status: 'regle',
        },
      } as Omit<EntryInput, 'submission'>);
  }
}

async function workshops(y: Year): Promise<void> {
  const { anim, pick, between, residents } = y;
  // A workshop every week (not in August), with four to eight residents.
  for (let day = 360; day >= 1; day -= 7) {
    await y.step();
    const date = daysAgo(day);
    if (date.getUTCMonth() === 7) continue;
    const id = await createSession(anim, { moduleId: pick(MODULES), date, durationMinutes: 90, notes: MARKER }, { demo: true });
    const known = residents.filter((x) => x.since >= day);
    const present = [
      ...new Set(Array.from({ length: between(4, 8) }, () => pick(known)?.id).filter((x): x is string => Boolean(x))),
    ];
    await setAttendance(anim, id, present);
  }
}

async function certificates(y: Year): Promise<void> {
  const { anim, pick, between, residents } = y;
  // Six residents with an account: skills validated through the year, a certificate each, one revoked.
  const module = catalogue().moduleById.get('decouvrir-ordinateur');
  const now = new Date();
  const certified: string[] = [];
  for (const r of residents.slice(0, 6)) {
    const { user } = await createAccountFromRecord(anim, r.id);
    for (const skill of module?.skills ?? []) {
      const day = daysAgo(between(1, Math.max(1, r.since - 1)))
        .toISOString()
        .slice(0, 10);
      await validateSkill(
        anim,
        user.id,
        skill.id,
        { method: 'atelier', level: pick(['avec-aide', 'seul']), day, comment: '' },
        now,
      );
    }
    const { certificate } = await issueCertificate(anim, user.id, 'decouvrir-ordinateur', now);
    certified.push(certificate.id);
  }
  if (certified[5]) await revokeCertificate(anim, certified[5], 'Délivrée par erreur (démo)', now);
}

/** The demo's sites only: the demo seed may run on a city's data (npm run seed:scale), whose statistics are not its own. */
async function demoSites(): Promise<mongoose.Types.ObjectId[]> {
  const details = await Promise.all((await listSites()).map((s) => getSiteDetail(s.id)));
  return details.filter((d) => d?.demo).map((d) => new mongoose.Types.ObjectId(d!.id));
}

export async function seedDemoStatistics(step: () => Promise<void> = async () => {}): Promise<{ created: string[] }> {
  const site = await findOrCreateSite({ name: DEMO_SITE, neighbourhood: 'Kérourien, Brest', address: 'Brest', demo: true });
  if (await demoSessionExists(site.id, MARKER)) return { created: [] };
  const { user: anim } = await ensureAccount({
    username: 'anim.demo',
    displayName: 'Yann Animateur (démo)',
    role: 'leader',
    password: DEMO_PASSWORD,
    siteId: site.id,
    demo: true,
  });
  const rnd = random(2026);
  const year: Year = {
    anim,
    rnd,
    pick: (xs) => xs[Math.floor(rnd() * xs.length)]!,
    between: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    residents: [],
    step,
  };
  // In this order: the seeded chance draws the same year on every machine.
  await householdsAndResidents(year);
  await subscriptions(year);
  await supportEntries(year);
  await workshops(year);
  await certificates(year);
  // The counters were kept by the writes above; the rebuild checks them and fills what earlier demo steps wrote directly.
  await rebuildStatistics({ sites: await demoSites() });
  return { created: [`${year.residents.length} foyers et une année d’activité`] };
}

/** After every demo step: the counters agree with the events (earlier steps may write without the services). */
export async function checkDemoStatistics(): Promise<{ created: string[] }> {
  const report = await rebuildStatistics({ sites: await demoSites() });
  return { created: report.written ? [`${report.written} compteurs recalculés`] : [] };
}
