/**
 * A site as a place of the national open-data schema "Lieux de médiation numérique"
 * (LaMednum/standard-mediation-num, schema.json v1.0.2, published on schema.data.gouv.fr).
 * Pure: a site's plain data in, the schema's row out, with the schema's own field names,
 * order and patterns; several values in one field are separated by "|", as the schema says.
 */
import { dayInBrest } from '../../platform/day.js';

/** The schema's fields, in its order (the CSV's columns). */
export const PLACE_FIELDS = [
  'id',
  'pivot',
  'nom',
  'commune',
  'code_postal',
  'code_insee',
  'adresse',
  'complement_adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'structure_parente',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'fiche_acces_libre',
  'prise_rdv',
] as const;
export type PlaceField = (typeof PLACE_FIELDS)[number];
export type Lieu = Partial<Record<PlaceField, string>>;

export const REQUIRED_PLACE_FIELDS = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'] as const;

/** What every space of the app offers (its features), in the schema's words. */
const SERVICES = [
  'Maîtrise des outils numériques du quotidien',
  'Aide aux démarches administratives',
  'Utilisation sécurisée du numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
];
const MODALITES_ACCOMPAGNEMENT = ['Accompagnement individuel', 'Dans un atelier collectif', 'À distance'];

/** The SIRET of "no SIRET": the schema's pivot is required, zeros say it is unknown. */
export const NO_SIRET = '00000000000000';

export interface PlaceSource {
  id: string;
  name: string;
  address: string;
  commune: string;
  postalCode: string;
  inseeCode: string;
  siret: string;
  openingHours: string;
  phone: string;
  website: string;
  organisationName: string;
  updatedAt: Date;
}

/** A French phone number as the schema writes it: "02 98 00 00 00" gives "+33298000000"; anything else, nothing. */
export function internationalPhone(phone: string): string {
  const digits = phone.replace(/[\s.()-]/g, '');
  if (/^0[1-9]\d{8}$/.test(digits)) return `+33${digits.slice(1)}`;
  return /^\+33[1-9]\d{8}$/.test(digits) ? digits : '';
}

/** The schema's row of a site; empty optional fields are left out. */
export function toLieu(s: PlaceSource): Lieu {
  const row: Lieu = {
    id: s.id,
    pivot: s.siret || NO_SIRET,
    nom: s.name,
    commune: s.commune,
    code_postal: s.postalCode,
    code_insee: s.inseeCode,
    adresse: s.address,
    telephone: internationalPhone(s.phone),
    site_web: s.website,
    horaires: s.openingHours,
    source: s.organisationName,
    itinerance: 'Fixe',
    date_maj: dayInBrest(s.updatedAt),
    services: SERVICES.join('|'),
    modalites_acces: 'Se présenter|Téléphoner',
    modalites_accompagnement: MODALITES_ACCOMPAGNEMENT.join('|'),
  };
  return Object.fromEntries(PLACE_FIELDS.filter((f) => row[f]).map((f) => [f, row[f]])) as Lieu;
}

/** The fields a site still lacks to be published (the coordinator's page says which). */
export function missingPlaceFields(s: PlaceSource): PlaceField[] {
  const row = toLieu(s);
  return REQUIRED_PLACE_FIELDS.filter((f) => !row[f]);
}

/** CSV as open-data tools read it (the schema is a Frictionless table schema): UTF-8, commas, quotes where needed. */
export function placesCsv(rows: readonly Lieu[]): string {
  const cell = (v: string | undefined) => {
    const text = v ?? '';
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [PLACE_FIELDS.join(','), ...rows.map((r) => PLACE_FIELDS.map((f) => cell(r[f])).join(','))].join('\r\n') + '\r\n';
}

/** A SIRET: 14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments: a multiple of 5). */
export function isSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let d = Number(value[13 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  if (value.startsWith('356000000')) return [...value].reduce((n, c) => n + Number(c), 0) % 5 === 0;
  return sum % 10 === 0;
}

/**
 * Opening hours in OpenStreetMap's syntax, as the schema asks, checked for its common
 * shapes: rules separated by ";", each days (Mo-Fr, Sa, PH…) then time ranges, or "off".
 */
export function isOpeningHours(value: string): boolean {
  const day = '(Mo|Tu|We|Th|Fr|Sa|Su|PH|SH)';
  const days = `${day}(-${day})?(,${day}(-${day})?)*`;
  const time = '([01]\\d|2[0-4]):[0-5]\\d';
  const ranges = `${time}-${time}(,${time}-${time})*`;
  const rule = new RegExp(`^(${days} (${ranges}|off|closed)|24/7)$`);
  return value.split(';').every((r) => rule.test(r.trim()));
}
