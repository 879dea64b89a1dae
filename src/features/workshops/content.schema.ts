/**
 * The shape of the files in content/ (see content/README.md).
 * Objects are strict so that a misspelt field name is reported instead of ignored.
 * Messages are in French: the people who edit content/ read them at start-up.
 */
import { z } from 'zod';
import { EXERCISE_TYPES, exerciseSchema, MONTHS, type ExerciseFile, type ExerciseType } from './content.exercise-schema.js';
import { checkUniqueIds, id, imageSrc, order, text } from './content.fields.js';

export { ID_PATTERN, IMAGE_SRC_PATTERN } from './content.fields.js';
export { EXERCISE_TYPES, exerciseSchema, MONTHS, type ExerciseFile, type ExerciseType };
// What a typed answer is lives with the content's shape (catalogue/answer-kinds.ts).
export { inferAnswerKind } from '../catalogue/index.js';

// ---------------------------------------------------------------- module.yaml

/** The five domains of the Passeport Internet et Multimédia (PIM) référentiel, as written in module.yaml. */
export const PIM_DOMAINS = [
  'Domaine 1 : Équipement informatique',
  'Domaine 2 : Document numérique',
  "Domaine 3 : Services de l'Internet",
  'Domaine 4 : Communiquer et échanger',
  "Domaine 5 : Droits et règles d'usage",
] as const;

/** The Pix / CRCN framework: 5 areas, 16 competences (names as published by Pix). */
export const CRCN_AREAS: Readonly<Record<string, string>> = {
  '1': 'Information et données',
  '2': 'Communication et collaboration',
  '3': 'Création de contenu',
  '4': 'Protection et sécurité',
  '5': 'Environnement numérique',
};
export const CRCN_COMPETENCES: Readonly<Record<string, string>> = {
  '1.1': 'Mener une recherche et une veille d’information',
  '1.2': 'Gérer des données',
  '1.3': 'Traiter des données',
  '2.1': 'Interagir',
  '2.2': 'Partager et publier',
  '2.3': 'Collaborer',
  '2.4': 'S’insérer dans le monde numérique',
  '3.1': 'Développer des documents textuels',
  '3.2': 'Développer des documents multimédia',
  '3.3': 'Adapter les documents à leur finalité',
  '3.4': 'Programmer',
  '4.1': 'Sécuriser l’environnement numérique',
  '4.2': 'Protéger les données personnelles et la vie privée',
  '4.3': 'Protéger la santé, le bien-être et l’environnement',
  '5.1': 'Résoudre des problèmes techniques',
  '5.2': 'Évoluer dans un environnement numérique',
};
const CRCN_CODES = Object.keys(CRCN_COMPETENCES) as [string, ...string[]];

const crcn = z.enum(CRCN_CODES, {
  error: (issue) =>
    typeof issue.input === 'number'
      ? 'Écrivez la compétence CRCN entre guillemets, par exemple "2.1".'
      : `Compétence CRCN inconnue. Les 16 compétences : ${CRCN_CODES.join(', ')}.`,
});

/** Codes go on digital skills only: both a CRCN competence and a PIM domain, or neither. */
export const skillSchema = z
  .strictObject({
    id,
    title: text(120),
    crcn: crcn.optional(),
    pim: z.enum(PIM_DOMAINS, { error: `Domaine PIM inconnu. Domaines possibles : ${PIM_DOMAINS.join(' ; ')}.` }).optional(),
  })
  .superRefine((skill, ctx) => {
    if ((skill.crcn === undefined) !== (skill.pim === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [skill.crcn === undefined ? 'pim' : 'crcn'],
        message: 'Écrivez crcn et pim ensemble (compétence numérique), ou aucun des deux.',
      });
    }
  });

export const moduleSchema = z
  .strictObject({
    id,
    order,
    title: text(80),
    summary: text(300),
    pictogram: imageSrc,
    pictogramAlt: text(250),
    skills: z
      .array(skillSchema, { error: 'Une liste de compétences est attendue.' })
      .min(3, 'Un module a au moins 3 compétences.')
      .max(6, 'Un module a au plus 6 compétences.'),
  })
  .superRefine((module, ctx) => checkUniqueIds(module.skills, ctx, 'skills'));

// ---------------------------------------------------------- lesson front matter

export const lessonFrontMatterSchema = z.strictObject({
  id,
  title: text(120),
  order,
  skills: z.array(id, { error: 'Une liste de compétences est attendue, par ex. [allumer-eteindre].' }).min(1),
});

export type ModuleFile = z.output<typeof moduleSchema>;
export type LessonFrontMatter = z.output<typeof lessonFrontMatterSchema>;
