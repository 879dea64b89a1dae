/**
 * The statistics page, the coordinator's key figures and the CSV exports. Coordinators
 * see every site or one; a leader sees their own site only. Everything shown or
 * exported is anonymous: counts, and for the activity export one line per support entry
 * with an age band and the job-seeker flag, never a name, phone, e-mail or flat.
 */
import mongoose from 'mongoose';
import type { SessionUser } from '../accounts/index.js';
import { getSite, listSites, type SiteView } from '../sites/index.js';
import { BadInput, Forbidden, NotFound } from '../../platform/errors.js';
import { countersOfSite } from './statistics.repository.js';
import {
  ageBand,
  decimal,
  exportableBuildings,
  figuresOf,
  parsePeriod,
  toCsv,
  type Cell,
  type CounterRow,
  type Figures,
  type Period,
} from './statistics-rules.js';
import { activityOfSite } from '../../platform/activity.repository.js';
import { anonymousProfilesOfSite, SUPPORT_ENTRY_ACTIVITY, type SupportEntryActivity } from '../residents/index.js';
import { KINDS, monthOf } from './stat-facts.js';

export interface StatsQuery {
  periode?: string;
  du?: string;
  au?: string;
  site?: string;
}

export interface StatsScope {
  sites: SiteView[];
  /** The one site asked for, or null for every site. */
  site: SiteView | null;
  allSites: SiteView[];
}

/** Which sites the actor may see and asked for. */
export async function scopeOf(actor: SessionUser, siteId: string | undefined): Promise<StatsScope> {
  if (actor.role === 'leader') {
    if (!actor.siteId) throw new Forbidden();
    if (siteId && siteId !== actor.siteId) throw new Forbidden();
    const own = await getSite(actor.siteId);
    if (!own) throw new NotFound();
    return { sites: [own], site: own, allSites: [own] };
  }
  if (actor.role !== 'coordinator') throw new Forbidden();
  const all = await listSites();
  if (!siteId) return { sites: all, site: null, allSites: all };
  const one = all.find((s) => s.id === siteId);
  if (!one) throw new NotFound();
  return { sites: [one], site: one, allSites: all };
}

export function periodOrRefuse(q: StatsQuery, now: Date): Period {
  const period = parsePeriod(q.periode, q.du, q.au, now);
  if (!period) throw new BadInput('statistics.errors.period');
  return period;
}

async function countersOf(sites: SiteView[]): Promise<CounterRow[]> {
  const rows = await Promise.all(sites.map((s) => countersOfSite(new mongoose.Types.ObjectId(s.id))));
  return rows.flat().map((r) => ({ site: String(r.site), bucket: r.bucket, c: r.c ?? {} }));
}

export interface StatsPage {
  scope: StatsScope;
  figures: Figures;
}

export async function statisticsPage(actor: SessionUser, q: StatsQuery, now: Date): Promise<StatsPage> {
  const scope = await scopeOf(actor, q.site);
  const period = periodOrRefuse(q, now);
  const figures = figuresOf(await countersOf(scope.sites), scope.sites, period, now);
  return { scope, figures };
}

export interface HomeFigures {
  year: string;
  rate: number | null;
  households: number;
  connected: number;
  entries: number;
  residents: number;
  certified: number;
}

/** The four key figures of the current year, every site: the coordinator's home page. */
export async function homeFigures(actor: SessionUser, now: Date): Promise<HomeFigures | null> {
  if (actor.role !== 'coordinator') return null;
  const { figures } = await statisticsPage(actor, {}, now);
  return {
    year: figures.period.value,
    rate: figures.households.rate,
    households: figures.households.households,
    connected: figures.households.connected,
    entries: figures.entriesTotal,
    residents: figures.residents.total ?? 0,
    certified: figures.certificates.residents ?? 0,
  };
}

// ---------- CSV ----------

/** French labels: the exports are in French whatever the page's language. */
const KIND_FR: Record<string, string> = {
  installation: 'Installation à domicile',
  ordinateur: 'Ordinateur reconditionné',
  'conseil-juridique': 'Conseil juridique',
  aide: 'Aide individuelle',
  abonnement: 'Abonnement',
};
const PLACE_FR: Record<string, string> = { espace: 'À l’espace', domicile: 'À domicile', distance: 'À distance' };
const THEME_FR: Record<string, string> = {
  courriel: 'Courriel',
  demarches: 'Démarches en ligne',
  emploi: 'Emploi',
  sante: 'Santé',
  banque: 'Banque',
  smartphone: 'Smartphone',
  securite: 'Sécurité',
  fichiers: 'Fichiers',
  visio: 'Visioconférence',
  autre: 'Autre',
};
const AGE_FR: Record<string, string> = {
  'moins-de-26': 'Moins de 26 ans',
  '26-44': '26 à 44 ans',
  '45-59': '45 à 59 ans',
  '60-74': '60 à 74 ans',
  '75-et-plus': '75 ans et plus',
  inconnu: 'Non renseigné',
};
const OTHER_BUILDINGS = 'Autres bâtiments';

export const fileSuffix = (scope: StatsScope, period: Period) =>
  `${scope.site ? scope.site.name : 'tous-les-espaces'}-${period.value === 'perso' ? `${period.from}-${period.to}` : period.value}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .toLowerCase();

const hours = (minutes: number) => decimal(minutes / 60, 2);
const percent = (r: number | null) => (r === null ? null : decimal(r * 100, 1));

/** One line per support entry of the period: anonymous profile only. */
export async function activityCsv(actor: SessionUser, q: StatsQuery, now: Date): Promise<{ filename: string; csv: string }> {
  const scope = await scopeOf(actor, q.site);
  const period = periodOrRefuse(q, now);
  const rows: Cell[][] = [
    [
      'Date',
      'Type d’accompagnement',
      'Durée (minutes)',
      'Durée (heures)',
      'Lieu',
      'Thèmes',
      'Espace',
      'Bâtiment',
      'Tranche d’âge',
      'Demandeur d’emploi',
    ],
  ];
  const lines: { date: Date; row: Cell[] }[] = [];
  for (const site of scope.sites) {
    const [records, { profiles, buildings }] = await Promise.all([
      activityOfSite(new mongoose.Types.ObjectId(site.id), SUPPORT_ENTRY_ACTIVITY),
      anonymousProfilesOfSite(site.id),
    ]);
    const shown = exportableBuildings(buildings);
    for (const record of records) {
      const e = record.data as unknown as SupportEntryActivity;
      const month = monthOf(e.date);
      if (month < period.from || month > period.to) continue;
      const r = profiles.get(e.resident);
      const b = r?.building;
      lines.push({
        date: e.date,
        row: [
          e.date.toISOString().slice(0, 10),
          KIND_FR[e.kind] ?? e.kind,
          e.durationMinutes ?? null,
          e.durationMinutes ? hours(e.durationMinutes) : null,
          PLACE_FR[e.place] ?? e.place,
          e.themes.map((t) => THEME_FR[t] ?? t).join(', '),
          site.name,
          b === undefined ? null : (shown(b) ?? OTHER_BUILDINGS),
          AGE_FR[ageBand(r?.birthYear, e.date)] ?? null,
          r ? (r.jobSeeker ? 'oui' : 'non') : null,
        ],
      });
    }
  }
  lines.sort((a, b) => a.date.getTime() - b.date.getTime());
  rows.push(...lines.map((l) => l.row));
  return { filename: `accompagnements-${fileSuffix(scope, period)}.csv`, csv: toCsv(rows) };
}

/** The page's figures as a file: key figures, then by site, by building, by month. */
export async function figuresCsv(actor: SessionUser, q: StatsQuery, now: Date): Promise<{ filename: string; csv: string }> {
  const { scope, figures: f } = await statisticsPage(actor, q, now);
  const p = f.period;
  const rows: Cell[][] = [
    ['Statistiques anonymes', scope.site ? scope.site.name : 'Tous les espaces'],
    ['Période', p.from === p.to ? p.from : `${p.from} à ${p.to}`],
    [],
    ['Indicateur', 'Valeur'],
    ['Foyers', f.households.households],
    ['Foyers connectés', f.households.connected],
    ['Taux de connexion (%)', percent(f.households.rate)],
    ['Accompagnements', f.entriesTotal],
    ['Durée des accompagnements (heures)', hours(f.minutesTotal)],
    ...f.support.flatMap((s): Cell[][] => [
      [`${KIND_FR[s.kind]} : nombre`, s.entries],
      [`${KIND_FR[s.kind]} : durée (heures)`, hours(s.minutes)],
    ]),
    ['Séances d’atelier', f.sessions],
    ['Présences aux ateliers', f.attendances],
    ['Résidents accompagnés', f.residents.total],
    ['dont nouveaux', f.residents.new],
    ['dont déjà accompagnés avant', f.residents.returning],
    ['Compétences validées', f.validations],
    ['Validations retirées', f.withdrawals],
    ['Attestations délivrées', f.certificates.issued],
    ['Attestations révoquées', f.certificates.revoked],
    ['Résidents ayant reçu une attestation', f.certificates.residents],
    ['Abonnements commencés', f.subscriptions.started],
    ['Abonnements terminés', f.subscriptions.ended],
    [],
    ['Espace', 'Foyers', 'Foyers connectés', 'Taux de connexion (%)', 'Accompagnements', 'Résidents ayant reçu une attestation'],
    ...f.sites.map((s): Cell[] => [s.name, s.households, s.connected, percent(s.rate), s.entries, s.certified]),
  ];
  if (f.buildings) {
    rows.push([], ['Bâtiment', 'Foyers', 'Foyers connectés', 'Taux de connexion (%)']);
    for (const b of f.buildings) rows.push([b.label ?? OTHER_BUILDINGS, b.households, b.connected, percent(b.rate)]);
  }
  rows.push(
    [],
    [
      'Mois',
      ...KINDS.map((k) => KIND_FR[k]!),
      'Accompagnements',
      'Séances',
      'Présences',
      'Nouveaux résidents',
      'Compétences validées',
      'Attestations',
      'Abonnements commencés',
      'Abonnements terminés',
      'Foyers connectés en fin de mois',
    ],
    ...f.months.map((m): Cell[] => [
      m.month,
      ...KINDS.map((k) => m.entries[k]),
      m.entriesTotal,
      m.sessions,
      m.attendances,
      m.newResidents,
      m.validations,
      m.certificates,
      m.subscriptionsStarted,
      m.subscriptionsEnded,
      m.connectedAtEnd,
    ]),
  );
  return { filename: `statistiques-${fileSuffix(scope, p)}.csv`, csv: toCsv(rows) };
}
