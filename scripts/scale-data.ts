/**
 * The pure part of `npm run seed:scale`: documents for N residents on a few sites,
 * built from plain content data and a seeded random generator, without a database.
 * The same seed gives the same people, dates, scores and choices (ObjectIds differ).
 *
 * Residents are made in chunks (one block of dwellings of one site at a time), so
 * that 2 million attempts never sit in memory at once. Every chunk is consistent on
 * its own: progress documents are folded from the chunk's attempts exactly as
 * recordAttempt() folds them, validations come with their history, certificates only
 * for fully validated modules, households carry the state of their subscription entries.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { generateCode } from '../src/features/certificates/certificate-code.js';
import { certificateTerms, socleSkills } from '../src/features/certificates/eligibility.js';
import { certificateListKeys } from '../src/features/certificates/certificate-list-keys.js';
import { accountInitial } from '../src/features/accounts/user.repository.js';
import { sessionMonth } from '../src/features/sessions/workshop-session.repository.js';
import { loadSocleRules } from '../src/features/certificates/socle-rules.js';
import { rightAnswer, wrongAnswer } from '../src/features/exercises/sample-answers.js';
import { parseAnswer } from '../src/features/exercises/scoring.js';
import { overviewOf } from '../src/features/progress/progress-overview-rules.js';
import type { ProgressDoc } from '../src/features/progress/progress.types.js';
import { followUpAfter, dwellingKey, initialOf, searchKeysOf } from '../src/features/residents/resident-rules.js';
import { auditMonth } from '../src/platform/audit.model.js';
import { dayInBrest, mondayOf } from '../src/platform/day.js';
import { initCatalogue } from '../src/features/workshops/index.js';
import { AUTONOMY_LEVELS, HELP_THEMES, LEGAL_STATUSES, LEGAL_SUBJECTS } from '../src/features/residents/support-forms.js';

type Id = mongoose.Types.ObjectId;
type Doc = Record<string, unknown>;

// ---------- content, as plain data ----------

export interface ScaleExercise {
  id: string;
  skill: string;
  type: string;
  /** What the app stores as `answer` for a right and a wrong answer (parseAnswer of the sample forms). */
  right: unknown;
  wrong: unknown;
}
export interface ScaleModule {
  id: string;
  title: string;
  skills: { id: string; title: string }[];
  exercises: ScaleExercise[];
}
export interface ScaleContent {
  modules: ScaleModule[];
  /** The socle certificate, when content/socle.yaml defines it. */
  socle?: { title: string; skills: { id: string; title: string }[]; version?: number; validityYears?: number };
}

/** The real content ids, exercises and socle, from content/ (files only, no database). */
export async function loadScaleContent(contentDir: string): Promise<ScaleContent> {
  const cat = await initCatalogue(contentDir);
  const socle = await loadSocleRules(contentDir, cat.modules);
  return {
    modules: cat.modules.map((m) => ({
      id: m.id,
      title: m.title,
      skills: m.skills.map((s) => ({ id: s.id, title: s.title })),
      exercises: m.exercises.map((e) => ({
        id: e.id,
        skill: e.skill,
        type: e.type,
        right: parseAnswer(e, rightAnswer(e)),
        wrong: parseAnswer(e, wrongAnswer(e)),
      })),
    })),
    socle: socle
      ? {
          title: socle.title,
          skills: socleSkills(cat.modules, socle),
          version: socle.version,
          validityYears: socle.validityYears,
        }
      : undefined,
  };
}

// ---------- plan ----------

export const SCALE_SITES = [
  { name: 'Kérourien (échelle)', neighbourhood: 'Kérourien, Brest', street: 'rue de Kérourien' },
  { name: 'Bellevue (échelle)', neighbourhood: 'Bellevue, Brest', street: 'rue Anatole France' },
  { name: 'Pontanézen (échelle)', neighbourhood: 'Pontanézen, Brest', street: 'rue du Languedoc' },
  { name: 'Kéredern (échelle)', neighbourhood: 'Kéredern, Brest', street: 'rue de Kéredern' },
] as const;
export const SCALE_PASSWORD = 'echelle-kerourien-2026';
/** Leader usernames: anim1.scale … anim4.scale, one per site. */
export const leaderUsername = (siteIndex: number) => `anim${siteIndex + 1}.scale`;
/** Residents per chunk: one block of dwellings, a few seconds of inserts at most. */
export const CHUNK_RESIDENTS = 250;
export const YEARS = 3;

export interface ScaleOptions {
  residents: number;
  attemptsPerResident: number;
  seed: number;
  now: Date;
  /** One argon2 hash, computed once: every scale account shares the password. */
  passwordHash: string;
  sites?: number;
  /**
   * False: audit events without their `month`, as an older version wrote them (the
   * start-up migration's case). Default true: every document as the app writes it.
   */
  auditMonths?: boolean;
}

export interface ScalePlan {
  options: ScaleOptions;
  sites: { _id: Id; name: string; neighbourhood: string; street: string }[];
  leaders: { _id: Id; username: string; displayName: string; siteIndex: number }[];
  chunks: { index: number; siteIndex: number; localIndex: number; residents: number; firstResident: number }[];
}

const LEADER_NAMES = ['Yann Le Gall', 'Nolwenn Tanguy', 'Gwenaël Morvan', 'Soazig Quéméner', 'Erwan Kerjean', 'Maëlle Caradec'];

export function planScale(options: ScaleOptions): ScalePlan {
  const siteCount = Math.min(options.sites ?? SCALE_SITES.length, SCALE_SITES.length);
  const sites = SCALE_SITES.slice(0, siteCount).map((s) => ({ _id: new mongoose.Types.ObjectId(), ...s }));
  const leaders = sites.map((_, i) => ({
    _id: new mongoose.Types.ObjectId(),
    username: leaderUsername(i),
    displayName: `${LEADER_NAMES[i % LEADER_NAMES.length]} (échelle)`,
    siteIndex: i,
  }));
  const chunks: ScalePlan['chunks'] = [];
  const local = new Array<number>(siteCount).fill(0);
  for (let first = 0, index = 0; first < options.residents; first += CHUNK_RESIDENTS, index++) {
    const siteIndex = index % siteCount;
    chunks.push({
      index,
      siteIndex,
      localIndex: local[siteIndex]!++,
      residents: Math.min(CHUNK_RESIDENTS, options.residents - first),
      firstResident: first,
    });
  }
  return { options, sites, leaders, chunks };
}

export function siteDocs(plan: ScalePlan): Doc[] {
  const at = new Date(plan.options.now.getTime() - YEARS * 365 * DAY);
  return plan.sites.map((s) => ({
    _id: s._id,
    name: s.name,
    neighbourhood: s.neighbourhood,
    address: `${s.street}, Brest`,
    demo: false,
    createdAt: at,
    updatedAt: at,
  }));
}

export function leaderDocs(plan: ScalePlan): Doc[] {
  const at = new Date(plan.options.now.getTime() - YEARS * 365 * DAY);
  return plan.leaders.map((l) => ({
    _id: l._id,
    username: l.username,
    passwordHash: plan.options.passwordHash,
    role: 'leader',
    displayName: l.displayName,
    locale: 'fr',
    site: plan.sites[l.siteIndex]!._id,
    mustChangePassword: false,
    demo: false,
    createdAt: at,
    updatedAt: at,
  }));
}

// ---------- random ----------

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  constructor(readonly next: () => number) {}
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number) {
    return this.next() < p;
  }
  /** k distinct items. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, Math.min(k, copy.length));
  }
  bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(this.next() * 256));
  hex(n: number) {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.next() * 16).toString(16);
    return s;
  }
}

const DAY = 86_400_000;

// ---------- people ----------

const FIRST = [
  'Marie',
  'Jean',
  'Anne',
  'Yves',
  'Françoise',
  'Pierre',
  'Nathalie',
  'Karim',
  'Fatima',
  'Mohamed',
  'Aïcha',
  'Loïc',
  'Gwenaëlle',
  'Hervé',
  'Josiane',
  'Sylvie',
  'Patrick',
  'Christelle',
  'Mamadou',
  'Awa',
  'Kevin',
  'Jessica',
  'Yannick',
  'Morgane',
  'Ronan',
  'Élodie',
  'Stéphane',
  'Sandrine',
  'Youssef',
  'Leïla',
  'Thierry',
  'Catherine',
  'Bernard',
  'Monique',
  'Dylan',
  'Océane',
  'Mathis',
  'Léa',
  'Enzo',
  'Chloé',
  'Noah',
  'Inès',
  'Hélène',
  'René',
  'Odette',
  'Marcel',
  'Solène',
];
const LAST = [
  'Le Gall',
  'Le Bihan',
  'Kerhervé',
  'Le Guérec',
  'Benali',
  'Tanguy',
  'Morvan',
  'Quéméner',
  'Caradec',
  'Le Goff',
  'Guivarch',
  'Le Roux',
  'Diallo',
  'Traoré',
  'Martin',
  'Bernard',
  'Le Floch',
  'Cariou',
  'Abgrall',
  'Le Bris',
  'Salaün',
  'Bouzid',
  'Mahé',
  'Jézéquel',
  'Le Meur',
  'Kerneis',
  'Picard',
  'Rolland',
  'Le Corre',
  'Ollivier',
  "L'Hostis",
  'Nicolas',
];
/** Household sizes and their weights: a mean of 2.5 people. */
export const HOUSEHOLD_SIZES = [
  [1, 0.3],
  [2, 0.25],
  [3, 0.2],
  [4, 0.15],
  [5, 0.1],
] as const;
const EQUIPMENT = ['Modem', 'Imprimante', 'Ordinateur portable', 'Tablette', 'Box et télévision', 'Clé 4G'];
const PROBLEMS = ['Pas de connexion au Wi-Fi', 'L’imprimante ne répond plus', 'Mise à jour bloquée', 'Écran noir au démarrage'];
const DEVICES = [
  'Portable Lenovo ThinkPad T470',
  'Portable Dell Latitude E7450',
  'Tour HP EliteDesk 800',
  'Tablette Samsung Tab A',
];
const SYSTEMS = ['Linux Mint 22', 'Debian 12', 'Windows 10', 'Android 13'];
const PARTNERS = ['Opérateur mobile', 'Fournisseur de box', 'Maison du droit', 'UFC-Que Choisir Brest'];
const MODULE_WEIGHT_SOCLE = 3;

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

// ---------- chunks ----------

export interface ScaleChunk {
  households: Doc[];
  residents: Doc[];
  users: Doc[];
  supportEntries: Doc[];
  sessions: Doc[];
  attempts: Doc[];
  progress: Doc[];
  /** Each progress's overview, as the app keeps it (progress-overview-rules.ts). */
  progressOverviews: Doc[];
  validationEvents: Doc[];
  certificates: Doc[];
  auditEvents: Doc[];
}

interface Person {
  doc: Doc;
  _id: Id;
  user?: Doc;
  firstContact: Date;
  lastContact: Date;
  attended: { session: Id; moduleId: string; date: Date }[];
}

export function generateChunk(plan: ScalePlan, content: ScaleContent, chunkIndex: number): ScaleChunk {
  const c = plan.chunks[chunkIndex]!;
  const { now, attemptsPerResident, passwordHash } = plan.options;
  const r = new Rand(rng(plan.options.seed * 1_000_003 + chunkIndex * 7919 + 1));
  const site = plan.sites[c.siteIndex]!;
  const leader = plan.leaders[c.siteIndex]!;
  const start = now.getTime() - YEARS * 365 * DAY;
  const out: ScaleChunk = {
    households: [],
    residents: [],
    users: [],
    supportEntries: [],
    sessions: [],
    attempts: [],
    progress: [],
    progressOverviews: [],
    validationEvents: [],
    certificates: [],
    auditEvents: [],
  };
  const dateBetween = (from: number, to: number) => new Date(from + Math.floor(r.next() * Math.max(1, to - from)));
  const withMonth = plan.options.auditMonths ?? true;
  const auditEvent = (action: string, subject: string, at: Date, details: Doc = {}) =>
    out.auditEvents.push({
      _id: new mongoose.Types.ObjectId(),
      actor: leader._id,
      actorName: leader.displayName,
      action,
      subject,
      site: site._id,
      details,
      at,
      ...(withMonth ? { month: auditMonth(at) } : {}),
    });

  // Households and residents: one block of buildings per chunk.
  const people: Person[] = [];
  let made = 0;
  for (let h = 0; made < c.residents; h++) {
    let size = 1;
    for (let x = r.next(), i = 0; i < HOUSEHOLD_SIZES.length; i++) {
      x -= HOUSEHOLD_SIZES[i]![1];
      if (x < 0) {
        size = HOUSEHOLD_SIZES[i]![0];
        break;
      }
    }
    size = Math.min(size, c.residents - made);
    const dwelling = {
      address: `${10 + c.localIndex} ${site.street}, Brest`,
      building: `${c.localIndex + 1}${String.fromCharCode(65 + Math.floor(h / 24))}`,
      entrance: String(1 + (Math.floor(h / 8) % 3)),
      flat: String(1 + (h % 8) + 10 * (1 + (Math.floor(h / 8) % 3))),
      landlordRef: `BMH-${c.localIndex + 1}-${h + 1}`,
    };
    const householdId = new mongoose.Types.ObjectId();
    const arrived = dateBetween(start, now.getTime() - 30 * DAY);
    const lastName = r.pick(LAST);
    const members: Person[] = [];
    for (let m = 0; m < size; m++) {
      const g = c.firstResident + made++;
      const adult = m < 2 || r.chance(0.3);
      const firstName = r.pick(FIRST);
      const id = new mongoose.Types.ObjectId();
      const birthYear = adult ? r.int(1940, 2004) : r.int(2008, 2018);
      const firstContact = new Date(Math.min(now.getTime() - 2 * DAY, arrived.getTime() + r.int(0, 60) * DAY));
      const doc: Doc = {
        _id: id,
        site: site._id,
        household: householdId,
        firstName,
        lastName: m === 0 || r.chance(0.8) ? lastName : r.pick(LAST),
        birthYear: r.chance(0.9) ? birthYear : undefined,
        phone: adult && r.chance(0.8) ? `06 ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)} ${r.int(10, 99)}` : '',
        noPhone: false,
        email: adult && r.chance(0.5) ? `${ascii(firstName)}.${g}@example.org` : '',
        jobSeeker: adult && r.chance(0.2),
        readingNeeds: r.chance(0.1) ? [r.pick(['facile-a-lire', 'gros-caracteres'])] : [],
        notice: { givenAt: firstContact, givenBy: leader._id, givenByName: leader.displayName },
        followUp: false,
        demo: false,
        createdAt: firstContact,
        updatedAt: firstContact,
      };
      doc.noPhone = !doc.phone && adult && r.chance(0.5);
      if (doc.birthYear === undefined) delete doc.birthYear;
      // The list's search keys and letter, as resident.service.ts searchFields writes them.
      const names = { firstName, lastName: String(doc.lastName) };
      doc.searchKeys = searchKeysOf({ ...names, building: dwelling.building, entrance: dwelling.entrance, flat: dwelling.flat });
      doc.initial = initialOf(names);
      const person: Person = { doc, _id: id, firstContact, lastContact: firstContact, attended: [] };
      // Most people old enough have an account; children under 12 do not.
      if (birthYear <= now.getUTCFullYear() - 12 && r.chance(0.9)) {
        const userId = new mongoose.Types.ObjectId();
        person.user = {
          _id: userId,
          username: `${ascii(firstName).slice(0, 12)}.${ascii(String(doc.lastName)).slice(0, 14)}.${g}`,
          passwordHash,
          role: 'resident',
          displayName: `${firstName} ${doc.lastName}`,
          // As insertUser: a resident's account has its letter (the accounts list reads one).
          initial: accountInitial(`${firstName} ${doc.lastName}`),
          locale: 'fr',
          site: site._id,
          resident: id,
          mustChangePassword: false,
          // As createResidentAccount: made by the site's leader, large text for who needs it.
          createdBy: leader._id,
          largeText: (doc.readingNeeds as string[]).includes('gros-caracteres'),
          demo: false,
          createdAt: firstContact,
          updatedAt: firstContact,
        };
        doc.user = userId;
        out.users.push(person.user);
      }
      members.push(person);
      people.push(person);
      auditEvent('resident.create', `resident:${id}`, firstContact);
      auditEvent('resident.notice', `resident:${id}`, firstContact, { date: firstContact.toISOString().slice(0, 10) });
    }

    // The subscription: a life of entries on the first member, the household keeps its state.
    const holder = members[0]!;
    const subscription: Doc = { status: '', offer: '', dates: {} };
    if (r.chance(0.7)) {
      const steps = ['propose', 'souscrit', 'modem-livre', 'actif', 'termine'];
      const reached = r.chance(0.15) ? 5 : r.chance(0.2) ? r.int(1, 3) : 4;
      let t = holder.firstContact.getTime();
      for (const status of steps.slice(0, reached)) {
        t = Math.min(now.getTime() - DAY, t + r.int(1, status === 'termine' ? 400 : 20) * DAY);
        const date = new Date(t);
        const first = status === 'propose';
        out.supportEntries.push(
          entry(holder, 'abonnement', date, {
            status,
            offer: first ? 'Accès partagé Kérourien' : '',
            monthlyChargeCents: first ? 100 : null,
          }),
        );
        (subscription.dates as Doc)[status] = date;
        subscription.status = status;
        if (first) {
          subscription.offer = 'Accès partagé Kérourien';
          subscription.monthlyChargeCents = 100;
        }
      }
    }
    out.households.push({
      _id: householdId,
      site: site._id,
      dwelling,
      key: dwellingKey(dwelling),
      subscription,
      demo: false,
      createdAt: arrived,
      updatedAt: arrived,
    });
  }

  function entry(p: Person, kind: string, date: Date, details: Doc): Doc {
    if (date > p.lastContact) p.lastContact = date;
    const e = {
      _id: new mongoose.Types.ObjectId(),
      site: site._id,
      resident: p._id,
      kind,
      date,
      leader: leader._id,
      leaderName: leader.displayName,
      durationMinutes: r.pick([15, 20, 30, 45, 60, 90]),
      place: kind === 'installation' ? 'domicile' : r.pick(['espace', 'espace', 'espace', 'domicile', 'distance']),
      notes: r.chance(0.3) ? 'Revoir la semaine prochaine.' : '',
      details,
      submission: r.hex(32),
      createdAt: date,
      updatedAt: date,
    };
    return e;
  }

  // Other support entries: about ten per resident over three years, every kind.
  const otherKinds = ['aide', 'aide', 'aide', 'installation', 'ordinateur', 'conseil-juridique'] as const;
  for (const p of people) {
    const n = Math.round(r.next() * r.next() * 32);
    const dates = Array.from({ length: n }, () => dateBetween(p.firstContact.getTime(), now.getTime() - DAY)).sort(
      (a, b) => a.getTime() - b.getTime(),
    );
    for (const date of dates) {
      const kind = r.pick(otherKinds);
      const details: Doc =
        kind === 'aide'
          ? {
              themes: r.sample(HELP_THEMES, r.int(1, 3)),
              autonomy: r.pick(AUTONOMY_LEVELS),
              referral: r.chance(0.1) ? 'France Travail' : '',
            }
          : kind === 'installation'
            ? { equipment: r.pick(EQUIPMENT), problem: r.pick(PROBLEMS), solved: r.chance(0.8) }
            : kind === 'ordinateur'
              ? {
                  device: r.pick(DEVICES),
                  system: r.pick(SYSTEMS),
                  priceCents: r.pick([3000, 5000, 8000]),
                  assetTag: `KRN-${r.int(1000, 9999)}`,
                  warrantyEnd: r.chance(0.6) ? new Date(date.getTime() + 365 * DAY) : null,
                }
              : {
                  partner: r.pick(PARTNERS),
                  subject: r.pick(LEGAL_SUBJECTS),
                  outcome: 'Courrier préparé avec la personne.',
                  status: r.pick(LEGAL_STATUSES),
                };
      out.supportEntries.push(entry(p, kind, date, details));
      const follow = followUpAfter(kind, details);
      if (follow !== undefined) p.doc.followUp = follow;
    }
    // The leader opens the record now and then.
    for (let v = r.int(3, 10); v > 0; v--)
      auditEvent('resident.view', `resident:${p._id}`, dateBetween(p.firstContact.getTime(), now.getTime()));
  }

  // Workshop sessions of this block: about one per ten residents, 4 to 10 attendees.
  const learners = people.filter((p) => p.user);
  const sessionCount = Math.max(1, Math.round(c.residents / 10));
  for (let s = 0; s < sessionCount; s++) {
    const module = weightedModule(r, content);
    const date = dateBetween(start, now.getTime() - DAY);
    date.setUTCHours(13, 30, 0, 0);
    const attendees = r.sample(learners.length ? learners : people, r.int(4, 10));
    const id = new mongoose.Types.ObjectId();
    for (const p of attendees) {
      p.attended.push({ session: id, moduleId: module.id, date });
      if (date > p.lastContact) p.lastContact = date;
    }
    out.sessions.push({
      _id: id,
      site: site._id,
      moduleId: module.id,
      date,
      // As insertSession: the list reads one month.
      month: sessionMonth(date),
      week: mondayOf(dayInBrest(date)),
      durationMinutes: 90,
      leader: leader._id,
      leaderName: leader.displayName,
      attendees: attendees.map((p) => p._id),
      notes: '',
      demo: false,
      createdAt: date,
      updatedAt: date,
    });
  }

  // Learning: attempts, progress, validations and certificates of each account.
  const perLearner = learners.length ? (attemptsPerResident * c.residents) / learners.length : 0;
  for (const p of learners) {
    learn(p, Math.round(perLearner * (0.4 + 1.2 * r.next())));
  }

  function learn(p: Person, attemptCount: number) {
    const user = p.user!;
    const userId = user._id as Id;
    const moduleIds = new Set([...p.attended.map((a) => a.moduleId)]);
    while (moduleIds.size < 1 + Math.floor(r.next() * 4)) moduleIds.add(weightedModule(r, content).id);
    const modules = content.modules.filter((m) => moduleIds.has(m.id));
    const exercises = modules.flatMap((m) => m.exercises.filter((e) => e.type !== 'auto-evaluation').map((e) => ({ e, m })));
    const progress: { skills: Record<string, Doc>; exercises: Record<string, Doc>; last?: Doc; updatedAt?: Date } = {
      skills: {},
      exercises: {},
    };
    const from = p.firstContact.getTime();
    const times = Array.from(
      { length: exercises.length ? attemptCount : 0 },
      () => from + r.next() * (now.getTime() - from),
    ).sort((a, b) => a - b);
    // When each skill was first done right (else first tried): a leader validates what
    // they saw then, not at the learner's latest answer (which is near now for most).
    const observed = new Map<string, Date>();
    for (const t of times) {
      const { e, m } = r.pick(exercises);
      const at = new Date(Math.floor(t));
      const prev = progress.exercises[e.id] as { attempts: number; bestScore: number; solved: boolean } | undefined;
      const correct = r.chance(Math.min(0.9, 0.45 + 0.15 * (prev?.attempts ?? 0)));
      const partial = ['choix-multiple', 'remettre-en-ordre', 'associer'].includes(e.type);
      const score = correct ? 1 : partial ? r.int(0, 3) / 4 : 0;
      const submission = randomUUID();
      out.attempts.push({
        _id: new mongoose.Types.ObjectId(),
        user: userId,
        exercise: e.id,
        answer: correct ? e.right : e.wrong,
        score,
        correct,
        submission,
        createdAt: at,
      });
      // The same fold as recordAttempt().
      progress.exercises[e.id] = {
        attempts: (prev?.attempts ?? 0) + 1,
        bestScore: Math.max(prev?.bestScore ?? 0, score),
        lastScore: score,
        lastCorrect: correct,
        solved: Boolean(prev?.solved) || correct,
        lastAt: at,
        lastSubmission: submission,
      };
      const sk = (progress.skills[e.skill] ??= {});
      if (!observed.has(e.skill) || (score === 1 && !((sk.bestScore as number | undefined) === 1))) observed.set(e.skill, at);
      sk.bestScore = Math.max((sk.bestScore as number | undefined) ?? 0, score);
      sk.attempts = ((sk.attempts as number | undefined) ?? 0) + 1;
      sk.lastActivityAt = at;
      progress.last = { module: m.id, kind: 'exercice', id: e.id, at };
      progress.updatedAt = at;
    }
    // Self-assessments on some skills that were worked on.
    for (const sk of Object.values(progress.skills)) {
      if (!r.chance(0.5)) continue;
      sk.self = r.pick(['pas-encore', 'avec-aide', 'avec-aide', 'seul']);
      sk.selfAt = sk.lastActivityAt;
    }
    // Validations: whole modules (at a session of that module when there was one), and
    // single skills that went well; a few withdrawn.
    const validated = new Map<string, Doc>();
    for (const m of modules) {
      const session = p.attended.find((a) => a.moduleId === m.id);
      const whole = session ? r.chance(0.6) : r.chance(0.2);
      for (const s of m.skills) {
        const sk = progress.skills[s.id];
        if (!whole && !((sk?.bestScore as number | undefined) === 1 && r.chance(0.4))) continue;
        const base = session?.date.getTime() ?? observed.get(s.id)?.getTime() ?? from;
        const date = new Date(Math.min(now.getTime() - DAY, base + r.int(0, 20) * DAY));
        date.setUTCHours(12, 0, 0, 0);
        const at = new Date(date.getTime() + 4 * 3600_000);
        const method = session && whole ? 'atelier' : r.pick(['mise-en-pratique', 'entretien', 'resultats-exercices']);
        const level = r.chance(0.6) ? 'seul' : 'avec-aide';
        const withSession = session && whole ? { session: session.session } : {};
        out.validationEvents.push({
          _id: new mongoose.Types.ObjectId(),
          user: userId,
          skill: s.id,
          kind: 'validation',
          by: leader._id,
          byName: leader.displayName,
          site: site._id,
          method,
          level,
          date,
          ...withSession,
          at,
        });
        if (r.chance(0.03)) {
          out.validationEvents.push({
            _id: new mongoose.Types.ObjectId(),
            user: userId,
            skill: s.id,
            kind: 'retrait',
            by: leader._id,
            byName: leader.displayName,
            site: site._id,
            reason: 'Validée par erreur.',
            at: new Date(at.getTime() + DAY),
          });
          continue;
        }
        const v = { by: leader._id, byName: leader.displayName, date, method, level, at, ...withSession };
        validated.set(s.id, v);
        (progress.skills[s.id] ??= {}).validation = v;
        if (!progress.updatedAt || at > progress.updatedAt) progress.updatedAt = at;
      }
    }
    // Certificates for the modules whose skills are all validated (and the socle).
    const rules = [
      ...modules.map((m) => ({ kind: 'module', ref: m.id, title: m.title, skills: m.skills })),
      ...(content.socle
        ? [
            {
              kind: 'socle',
              ref: 'socle',
              title: content.socle.title,
              skills: content.socle.skills,
              version: content.socle.version,
              validityYears: content.socle.validityYears,
            },
          ]
        : []),
    ];
    for (const rule of rules) {
      if (!rule.skills.length || !rule.skills.every((s) => validated.has(s.id)) || !r.chance(0.8)) continue;
      const skills = rule.skills.map((s) => {
        const v = validated.get(s.id)!;
        return {
          skillId: s.id,
          title: s.title.slice(0, 120),
          level: v.level,
          method: v.method,
          date: v.date,
          byName: v.byName,
          ...(v.session ? { session: v.session } : {}),
        };
      });
      const latest = Math.max(...skills.map((s) => (s.date as Date).getTime()));
      const issuedAt = new Date(Math.min(now.getTime() - 3600_000, latest + r.int(0, 10) * DAY + 5 * 3600_000));
      const id = new mongoose.Types.ObjectId();
      const revoked = r.chance(0.03);
      const revokedAt = new Date(Math.min(now.getTime(), issuedAt.getTime() + 30 * DAY));
      const holderName = `${p.doc.firstName} ${p.doc.lastName}`.trim().slice(0, 80);
      // What issueFor writes (certificate-issue.service.ts), but the PDF's checksum and the
      // signed credentials (about 0.1 s each): these stand for certificates of layout 1.
      out.certificates.push({
        _id: id,
        code: generateCode(r.bytes),
        user: userId,
        site: site._id,
        siteName: site.name,
        kind: rule.kind,
        ref: rule.ref,
        title: rule.title.slice(0, 120),
        holderName,
        holderFirstName: String(p.doc.firstName),
        holderLastName: String(p.doc.lastName),
        ...(p.doc.birthYear ? { holderBirthYear: p.doc.birthYear } : {}),
        // issuerOf() for a site without an organisation's details (scale sites have none).
        issuer: { legalName: '', address: '', phone: '', website: '', signatoryName: '', signatoryRole: '', demo: false },
        skills,
        issuedAt,
        ...certificateListKeys({ issuedAt, holderName }),
        ...certificateTerms({ ...rule, minLevel: 'avec-aide', kind: rule.kind as 'module' | 'socle', skills: [] }, issuedAt),
        issuedBy: leader._id,
        issuedByName: leader.displayName,
        status: revoked ? 'revoked' : 'valid',
        activeKey: revoked ? `revoked:${id}` : `${userId}:${rule.ref}`,
        ...(revoked
          ? { revokedAt, revokedBy: leader._id, revokedByName: leader.displayName, revokeReason: 'Erreur de nom.' }
          : {}),
      });
      auditEvent('certificate.issue', `certificate:${id}`, issuedAt, { resident: String(userId), ref: rule.ref });
      if (revoked) auditEvent('certificate.revoke', `certificate:${id}`, revokedAt, { reason: 'Erreur de nom.' });
    }
    if (Object.keys(progress.skills).length || Object.keys(progress.exercises).length) {
      out.progress.push({ _id: userId, ...progress });
      out.progressOverviews.push({ _id: userId, ...overviewOf(progress as unknown as ProgressDoc) });
    }
  }

  for (const p of people) {
    p.doc.lastContactAt = p.lastContact;
    out.residents.push(p.doc);
  }
  return out;
}

/** The socle's modules come up more often: they are where most people start. */
function weightedModule(r: Rand, content: ScaleContent): ScaleModule {
  const socle = new Set(content.socle?.skills.map((s) => s.id));
  const weights = content.modules.map((m) => (m.skills.some((s) => socle.has(s.id)) ? MODULE_WEIGHT_SOCLE : 1));
  let x = r.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return content.modules[i]!;
  }
  return content.modules[content.modules.length - 1]!;
}
