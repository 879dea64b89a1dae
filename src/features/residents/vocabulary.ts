/** The fixed lists of the support record: what forms offer, models store and views name. */

export const READING_NEEDS = ['facile-a-lire', 'gros-caracteres'] as const;
export type ReadingNeed = (typeof READING_NEEDS)[number];

export const SUBSCRIPTION_STATUSES = ['propose', 'souscrit', 'modem-livre', 'actif', 'termine'] as const;

export const SUPPORT_KINDS = ['installation', 'ordinateur', 'conseil-juridique', 'aide', 'abonnement'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

export const PLACES = ['espace', 'domicile', 'distance'] as const;

/** Where a resident is sent: La Coop de la médiation numérique's structure types (structureDeRedirection). */
export const REFERRAL_TYPES = [
  'administration',
  'mediation_numerique',
  'operateur_ou_organisme_en_charge',
  'aide_sociale',
  'insertion_professionnelle',
  'aide_aux_demarches_administratives',
  'autre',
] as const;
export const REFERRAL_OUTCOMES = ['fait', 'pas-fait'] as const;
