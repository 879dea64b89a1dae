/**
 * Support entries and workshop sessions in the vocabulary of La Coop de la médiation
 * numérique, the national tool where French digital mediators record their activity
 * (inclusion-numerique/coop-mediation-numerique: the `cra/fields` labels and the column
 * order of its accompaniment export, `buildAccompagnementsWorksheet.ts`, as exported for a
 * structure). One table, pure: a mediator can compare or re-enter without retyping.
 */
import { formatShortDate, formatTime } from '../../platform/day.js';
import type { XlsxCell } from '../../platform/xlsx.js';

/** La Coop's columns, in its order (export of a structure, no V1 source column). */
export const COOP_COLUMNS = [
  'Date',
  'Enregistré le',
  'Dernière modification le',
  'Prénom du médiateur',
  'Nom du médiateur',
  'Rôle',
  'ID - Conum',
  'Type',
  'Participants',
  'Canaux d’accompagnement',
  'Nom du lieu',
  'Adresse',
  'Commune',
  'Code postal',
  'Code Insee',
  'Durée (min)',
  'Nom de l’atelier',
  'Matériel numérique utilisé',
  'Thématique(s) d’accompagnement',
  'Tags',
  'Nom de la démarche administrative',
  'Niveau d’autonomie (ou de l’atelier)',
  'Bénéficiaire réorienté',
  'Structure de redirection',
  'Commune du bénéficiaire',
  'Code postal du bénéficiaire',
  'Code Insee du bénéficiaire',
  'Genre du bénéficiaire',
  'Tranche d’âge du bénéficiaire',
  'Statut du bénéficiaire',
  'ID CRA',
] as const;

/** La Coop's labels (its `*Labels` tables). */
export const COOP_LABELS = {
  type: { individuel: 'Accompagnement individuel', collectif: 'Atelier collectif' },
  typeLieu: { lieu_activite: 'Lieu d’activité', domicile: 'À domicile', a_distance: 'À distance', autre: 'Autre lieu' },
  materiel: { ordinateur: 'Ordinateur', telephone: 'Téléphone', tablette: 'Tablette', autre: 'Autre', aucun: 'Pas de matériel' },
  thematique: {
    PrendreEnMainDuMateriel: 'Prendre en main du matériel',
    MaintenanceDeMateriel: 'Maintenance de matériel',
    GereSesContenusNumeriques: 'Gérer ses contenus numériques',
    NavigationSurInternet: 'Navigation sur internet',
    Email: 'E-mail',
    Bureautique: 'Bureautique',
    ReseauxSociaux: 'Réseaux sociaux communication',
    Sante: 'Santé',
    BanqueEtAchatsEnLigne: 'Banque et achats en ligne',
    InsertionProfessionnelle: 'Insertion professionnelle',
    SecuriteNumerique: 'Prévention en sécurité numérique',
    CultureNumerique: 'Culture numérique',
    AideAuxDemarchesAdministratives: 'Aide aux démarches administratives',
  },
  genre: { NonCommunique: 'Non communiqué' },
  trancheAge: {
    SoixanteDixPlus: '70 ans et plus',
    SoixanteSoixanteNeuf: '60 - 69 ans',
    QuaranteCinquanteNeuf: '40 - 59 ans',
    VingtCinqTrenteNeuf: '25 - 39 ans',
    DixHuitVingtQuatre: '18 - 24 ans',
    DouzeDixHuit: '12 - 17 ans',
    MoinsDeDouze: 'Moins de 12 ans',
    NonCommunique: 'Non communiqué',
  },
  statutSocial: { SansEmploi: 'Sans emploi', NonCommunique: 'Non communiqué ou hétérogène' },
  structureDeRedirection: {
    administration: 'Administration (mairie, préfecture…)',
    mediation_numerique: 'Autre structure de médiation numérique',
    operateur_ou_organisme_en_charge: 'Opérateur ou organisme en charge de la démarche administrative',
    aide_sociale: 'Structure d’aide sociale (maison des solidarités, centre social…)',
    insertion_professionnelle: 'Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)',
    aide_aux_demarches_administratives: 'Structure d’aide aux démarches administratives (France Services…)',
    autre: 'Autre',
  } as Record<string, string>,
} as const;

type Thematique = keyof typeof COOP_LABELS.thematique;
type Materiel = keyof typeof COOP_LABELS.materiel;

// ---------- the mapping: this app's words → La Coop's ----------

/** Where the support took place. */
export const TYPE_LIEU_OF_PLACE: Record<string, keyof typeof COOP_LABELS.typeLieu> = {
  espace: 'lieu_activite',
  domicile: 'domicile',
  distance: 'a_distance',
};

/** The themes of individual help. */
export const THEMATIQUE_OF_THEME: Record<string, Thematique | null> = {
  courriel: 'Email',
  demarches: 'AideAuxDemarchesAdministratives',
  emploi: 'InsertionProfessionnelle',
  sante: 'Sante',
  banque: 'BanqueEtAchatsEnLigne',
  smartphone: 'PrendreEnMainDuMateriel',
  securite: 'SecuriteNumerique',
  fichiers: 'GereSesContenusNumeriques',
  visio: 'ReseauxSociaux',
  autre: null,
};

/** What each kind of support entry is about, and with what device, in La Coop's terms. */
export const KIND_TO_COOP: Record<string, { thematiques: Thematique[]; materiel: Materiel[] }> = {
  installation: { thematiques: ['MaintenanceDeMateriel'], materiel: ['autre'] },
  ordinateur: { thematiques: ['PrendreEnMainDuMateriel'], materiel: ['ordinateur'] },
  'conseil-juridique': { thematiques: ['AideAuxDemarchesAdministratives'], materiel: ['aucun'] },
  aide: { thematiques: [], materiel: ['ordinateur'] },
  abonnement: { thematiques: ['NavigationSurInternet'], materiel: ['aucun'] },
};

/** Each workshop module's theme (sessions are at the space, on its computers). */
export const THEMATIQUE_OF_MODULE: Record<string, Thematique> = {
  arnaques: 'SecuriteNumerique',
  'boite-mail': 'Email',
  'chercher-emploi': 'InsertionProfessionnelle',
  'choisir-abonnement': 'NavigationSurInternet',
  'connexion-maison': 'MaintenanceDeMateriel',
  'decouvrir-ordinateur': 'PrendreEnMainDuMateriel',
  'demarches-en-ligne': 'AideAuxDemarchesAdministratives',
  'ecrire-document': 'Bureautique',
  'garder-lien': 'ReseauxSociaux',
  'internet-un-euro': 'CultureNumerique',
  'naviguer-internet': 'NavigationSurInternet',
  'ordinateur-recycle': 'PrendreEnMainDuMateriel',
  'ranger-documents': 'GereSesContenusNumeriques',
  smartphone: 'PrendreEnMainDuMateriel',
};

/** Autonomy: La Coop's three levels, written as stars out of three in its export. */
export const AUTONOMIE_OF_LEVEL: Record<string, { value: string; stars: number }> = {
  'pas-encore': { value: 'entierement_accompagne', stars: 1 },
  'avec-aide': { value: 'partiellement_autonome', stars: 2 },
  seul: { value: 'autonome', stars: 3 },
};

/** La Coop's age band at the date of the activity (a birth year only). */
export function trancheAge(birthYear: number | null | undefined, at: Date): keyof typeof COOP_LABELS.trancheAge {
  if (!birthYear) return 'NonCommunique';
  const age = at.getUTCFullYear() - birthYear;
  if (age >= 70) return 'SoixanteDixPlus';
  if (age >= 60) return 'SoixanteSoixanteNeuf';
  if (age >= 40) return 'QuaranteCinquanteNeuf';
  if (age >= 25) return 'VingtCinqTrenteNeuf';
  if (age >= 18) return 'DixHuitVingtQuatre';
  if (age >= 12) return 'DouzeDixHuit';
  return 'MoinsDeDouze';
}

/**
 * Job-seekers are "Sans emploi"; nothing else is known. No gender is recorded at all, on
 * purpose (collect little: nothing the support needs), so La Coop's genre stays "Non communiqué".
 */
export const statutSocial = (p: Beneficiary | undefined) => (p?.jobSeeker ? 'SansEmploi' : 'NonCommunique');

// ---------- the rows ----------

export interface Beneficiary {
  birthYear: number | null;
  jobSeeker: boolean;
}

export interface CoopPlace {
  name: string;
  address: string;
  commune: string;
  postalCode: string;
  inseeCode: string;
}

export interface EntryForCoop {
  id: string;
  recordedAt: Date;
  kind: string;
  date: Date;
  durationMinutes: number | null;
  place: string;
  themes: string[];
  autonomy?: string | null;
  referral?: boolean | null;
  referralType?: string | null;
  beneficiary?: Beneficiary;
  /** The display name of the leader who recorded the entry. */
  mediator?: string;
}

export interface SessionForCoop {
  id: string;
  recordedAt: Date;
  date: Date;
  durationMinutes: number | null;
  moduleId: string | null;
  moduleTitle: string;
  attendees: (Beneficiary | undefined)[];
  /** The display name of the leader who ran the session. */
  mediator?: string;
}

/**
 * La Coop's "Prénom du médiateur" and "Nom du médiateur" from the leader's display name:
 * its first word, then the rest ("Yann Le Gall" → "Yann", "Le Gall"); one word is a name.
 * Nothing is known of an entry recorded before the name was kept: both stay empty.
 */
export function mediatorCells(displayName: string | undefined): [string, string] {
  const words = (displayName ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return ['', words[0] ?? ''];
  return [words[0]!, words.slice(1).join(' ')];
}

const recorded = (d: Date) => `${formatShortDate(d)} à ${formatTime(d, 'fr')}`;
const lines = (values: string[]) => [...new Set(values)].join('\n');

function placeCells(typeLieu: keyof typeof COOP_LABELS.typeLieu, site: CoopPlace): XlsxCell[] {
  const atSite = typeLieu === 'lieu_activite';
  return [
    COOP_LABELS.typeLieu[typeLieu],
    atSite ? site.name : '',
    atSite ? site.address : '',
    site.commune,
    site.postalCode,
    site.inseeCode,
  ];
}

function beneficiaryCells(b: Beneficiary | undefined, date: Date, site: CoopPlace): XlsxCell[] {
  // Residents live in the space's neighbourhood: the commune of the site.
  return [
    site.commune,
    site.postalCode,
    site.inseeCode,
    COOP_LABELS.genre.NonCommunique,
    COOP_LABELS.trancheAge[trancheAge(b?.birthYear, date)],
    COOP_LABELS.statutSocial[statutSocial(b)],
  ];
}

/** One support entry as La Coop's row of an individual accompaniment. */
export function entryRow(e: EntryForCoop, site: CoopPlace): XlsxCell[] {
  const kind = KIND_TO_COOP[e.kind] ?? { thematiques: [], materiel: [] };
  const themes = e.themes.map((t) => THEMATIQUE_OF_THEME[t]).filter((t): t is Thematique => Boolean(t));
  const materiel: Materiel[] = e.themes.includes('smartphone') ? ['telephone'] : kind.materiel;
  const autonomy = e.autonomy ? AUTONOMIE_OF_LEVEL[e.autonomy] : undefined;
  return [
    e.date,
    recorded(e.recordedAt),
    '',
    ...mediatorCells(e.mediator),
    'Médiateur',
    '',
    COOP_LABELS.type.individuel,
    1,
    ...placeCells(TYPE_LIEU_OF_PLACE[e.place] ?? 'autre', site),
    e.durationMinutes,
    '',
    lines(materiel.map((m) => COOP_LABELS.materiel[m])),
    lines([...kind.thematiques, ...themes].map((t) => COOP_LABELS.thematique[t])),
    '',
    '',
    autonomy ? `${autonomy.stars}/3` : '',
    e.referral === null || e.referral === undefined ? '' : e.referral ? 'Oui' : 'Non',
    e.referralType ? (COOP_LABELS.structureDeRedirection[e.referralType] ?? '') : '',
    ...beneficiaryCells(e.beneficiary, e.date, site),
    e.id,
  ];
}

/** A workshop session as La Coop's rows of a collective workshop: one per participant, "2/5". */
export function sessionRows(s: SessionForCoop, site: CoopPlace): XlsxCell[][] {
  const theme = s.moduleId ? THEMATIQUE_OF_MODULE[s.moduleId] : undefined;
  return s.attendees.map((b, i) => [
    s.date,
    recorded(s.recordedAt),
    '',
    ...mediatorCells(s.mediator),
    'Médiateur',
    '',
    COOP_LABELS.type.collectif,
    s.attendees.length === 1 ? 1 : `${i + 1}/${s.attendees.length}`,
    ...placeCells('lieu_activite', site),
    s.durationMinutes,
    s.moduleTitle,
    COOP_LABELS.materiel.ordinateur,
    theme ? COOP_LABELS.thematique[theme] : '',
    '',
    '',
    '',
    '',
    '',
    ...beneficiaryCells(b, s.date, site),
    s.id,
  ]);
}

/** The anonymous participants of a workshop as La Coop counts them: genre, age band, social status. */
export function participantCounts(attendees: readonly (Beneficiary | undefined)[], date: Date) {
  const count = (keys: string[]) => keys.reduce<Record<string, number>>((n, k) => ({ ...n, [k]: (n[k] ?? 0) + 1 }), {});
  return {
    genre: count(attendees.map(() => 'NonCommunique')),
    trancheAge: count(attendees.map((b) => trancheAge(b?.birthYear, date))),
    statutSocial: count(attendees.map((b) => statutSocial(b))),
  };
}
