/**
 * The shape of the files in content/ (see content/README.md).
 * Objects are strict so that a misspelt field name is reported instead of ignored.
 * Messages are in French: the people who edit content/ read them at start-up.
 */
import { z } from 'zod';

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** `images/<file>` with a plain file name: no sub-folder, so never `..`. */
export const IMAGE_SRC_PATTERN = /^images\/[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*\.(svg|png|jpe?g|webp|gif)$/i;

export const EXERCISE_TYPES = [
  'choix-unique',
  'choix-multiple',
  'vrai-faux',
  'reponse-courte',
  'remettre-en-ordre',
  'associer',
  'zone-image',
  'situation',
  'auto-evaluation',
] as const;
export type ExerciseType = (typeof EXERCISE_TYPES)[number];

export const SCENE_KINDS = ['sms', 'courriel', 'formulaire', 'ecran'] as const;

// What a typed answer is lives with the content's shape (catalogue/answer-kinds.ts).
export { inferAnswerKind } from '../catalogue/index.js';
import { ANSWER_KINDS, needsExactMatch } from '../catalogue/index.js';

const id = z
  .string({ error: 'Un identifiant est un texte : minuscules, chiffres et tirets.' })
  .max(60, 'Identifiant trop long (60 caractères au plus).')
  .regex(ID_PATTERN, 'Identifiant invalide : minuscules sans accent, chiffres et tirets (ex. joindre-fichier).');

/** Required text, trimmed, between 1 and `max` characters. */
const text = (max: number) =>
  z
    .string({ error: 'Texte attendu.' })
    .trim()
    .min(1, 'Ce texte est vide.')
    .max(max, `Texte trop long (${max} caractères au plus).`);

/** Optional text that may be empty (e.g. the subject of an SMS scene). */
const looseText = (max: number) =>
  z
    .string({ error: 'Texte attendu (mettez-le entre guillemets).' })
    .trim()
    .max(max, `Texte trop long (${max} caractères au plus).`);

const order = z
  .number({ error: 'Un nombre entier est attendu.' })
  .int('Un nombre entier est attendu.')
  .min(1, 'Le nombre doit être 1 ou plus.')
  .max(999, 'Le nombre doit être 999 ou moins.');

const imageSrc = z
  .string({ error: 'Chemin d’image attendu, par exemple images/ordinateur.svg.' })
  .regex(IMAGE_SRC_PATTERN, 'Chemin d’image invalide : écrivez images/<nom>.svg (sans accent ni espace).');

const image = z.strictObject({ src: imageSrc, alt: text(250) });

/** Adds an issue for each id that appears twice in `items`. */
function checkUniqueIds(items: readonly { id: string }[], ctx: z.RefinementCtx, field: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [field, index, 'id'], message: `L’identifiant « ${item.id} » est en double.` });
    }
    seen.add(item.id);
  });
}

function checkAnswerAmong(
  answer: string,
  items: readonly { id: string }[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
  what: string,
): void {
  if (!items.some((item) => item.id === answer)) {
    const ids = items.map((item) => item.id).join(', ');
    ctx.addIssue({ code: 'custom', path, message: `La réponse « ${answer} » n’est pas ${what} (${ids}).` });
  }
}

// ---------------------------------------------------------------- module.yaml

/** The five domains of the Passeport Internet et Multimédia (PIM) référentiel, as written in module.yaml. */
export const PIM_DOMAINS = [
  'Domaine 1 : Équipement informatique',
  'Domaine 2 : Document numérique',
  "Domaine 3 : Services de l'Internet",
  'Domaine 4 : Communiquer et échanger',
  "Domaine 5 : Droits et règles d'usage",
] as const;

export const skillSchema = z.strictObject({
  id,
  title: text(120),
  crcn: z
    .string({ error: 'Écrivez la compétence CRCN entre guillemets, par exemple "2.1".' })
    .regex(/^[1-5]\.[1-4]$/, 'Compétence CRCN invalide : "1.1" à "5.4" attendu.'),
  pim: z.enum(PIM_DOMAINS, { error: `Domaine PIM inconnu. Domaines possibles : ${PIM_DOMAINS.join(' ; ')}.` }),
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

// ------------------------------------------------------------------ exercises

const feedback = z.strictObject({ right: text(600), wrong: text(600), next: text(300).optional() });

const common = {
  id,
  skill: id,
  lesson: id.optional(),
  question: text(300),
  image: image.optional(),
  feedback,
};

const choice = z.strictObject({ id, text: text(200) });
const choices = (min: number, max: number) =>
  z
    .array(choice, { error: 'Une liste de choix est attendue.' })
    .min(min, `Il faut au moins ${min} choix.`)
    .max(max, `Il faut au plus ${max} choix.`);

const singleChoice = z
  .strictObject({ ...common, type: z.literal('choix-unique'), options: choices(2, 8), answer: id })
  .superRefine((ex, ctx) => {
    checkUniqueIds(ex.options, ctx, 'options');
    checkAnswerAmong(ex.answer, ex.options, ctx, ['answer'], 'parmi les choix');
  });

const multipleChoice = z
  .strictObject({
    ...common,
    type: z.literal('choix-multiple'),
    options: choices(2, 10),
    answers: z
      .array(id, { error: 'Une liste de réponses est attendue, par ex. [a, c].' })
      .min(1, 'Il faut au moins une bonne réponse.'),
  })
  .superRefine((ex, ctx) => {
    checkUniqueIds(ex.options, ctx, 'options');
    const seen = new Set<string>();
    ex.answers.forEach((answer, index) => {
      if (seen.has(answer))
        ctx.addIssue({ code: 'custom', path: ['answers', index], message: `La réponse « ${answer} » est en double.` });
      seen.add(answer);
      checkAnswerAmong(answer, ex.options, ctx, ['answers', index], 'parmi les choix');
    });
  });

const trueFalse = z.strictObject({
  ...common,
  type: z.literal('vrai-faux'),
  statement: text(300),
  answer: z.boolean({ error: 'La réponse est true (vrai) ou false (faux).' }),
});

const shortAnswer = z
  .strictObject({
    ...common,
    type: z.literal('reponse-courte'),
    answers: z
      .array(text(100), { error: 'Une liste de réponses acceptées est attendue, par ex. [arobase, arobas].' })
      .min(1, 'Il faut au moins une réponse acceptée.')
      .max(20, 'Il faut au plus 20 réponses acceptées.'),
    kind: z.enum(ANSWER_KINDS, { error: `Le genre de réponse est ${ANSWER_KINDS.join(', ')}.` }).optional(),
    placeholder: text(60).optional(),
  })
  .superRefine((ex, ctx) => {
    if (ex.kind !== 'mot') return;
    ex.answers.forEach((answer, index) => {
      if (needsExactMatch(answer))
        ctx.addIssue({
          code: 'custom',
          path: ['answers', index],
          message: `« ${answer} » a un chiffre ou est une adresse web : il faut une réponse exacte. Écrivez kind: nombre, montant, date, code ou adresse-web.`,
        });
    });
  });

const ordering = z
  .strictObject({
    ...common,
    type: z.literal('remettre-en-ordre'),
    items: z
      .array(choice, { error: 'Une liste d’étapes est attendue.' })
      .min(2, 'Il faut au moins 2 étapes.')
      .max(8, 'Il faut au plus 8 étapes.'),
  })
  .superRefine((ex, ctx) => checkUniqueIds(ex.items, ctx, 'items'));

const matching = z
  .strictObject({
    ...common,
    type: z.literal('associer'),
    pairs: z
      .array(z.strictObject({ id, left: text(120), right: text(120) }), { error: 'Une liste de paires est attendue.' })
      .min(2, 'Il faut au moins 2 paires.')
      .max(8, 'Il faut au plus 8 paires.'),
  })
  .superRefine((ex, ctx) => {
    checkUniqueIds(ex.pairs, ctx, 'pairs');
    // Two identical right-hand texts would make two answers indistinguishable.
    const rights = new Set<string>();
    ex.pairs.forEach((pair, index) => {
      const key = pair.right.toLowerCase();
      if (rights.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['pairs', index, 'right'],
          message: `Le texte de droite « ${pair.right} » est en double.`,
        });
      rights.add(key);
    });
  });

const percent = z.number({ error: 'Un nombre entre 0 et 100 est attendu.' }).min(0, 'Au moins 0.').max(100, 'Au plus 100.');
const zone = z
  .strictObject({
    id,
    label: text(120),
    x: percent,
    y: percent,
    w: percent.positive('La largeur doit être plus grande que 0.'),
    h: percent.positive('La hauteur doit être plus grande que 0.'),
  })
  .superRefine((z0, ctx) => {
    if (z0.x + z0.w > 100)
      ctx.addIssue({ code: 'custom', path: ['w'], message: 'La zone dépasse à droite : x + w doit être 100 ou moins.' });
    if (z0.y + z0.h > 100)
      ctx.addIssue({ code: 'custom', path: ['h'], message: 'La zone dépasse en bas : y + h doit être 100 ou moins.' });
  });

const zoneImage = z
  .strictObject({
    ...common,
    type: z.literal('zone-image'),
    image,
    zones: z
      .array(zone, { error: 'Une liste de zones est attendue.' })
      .min(2, 'Il faut au moins 2 zones.')
      .max(10, 'Il faut au plus 10 zones.'),
    answer: id,
  })
  .superRefine((ex, ctx) => {
    checkUniqueIds(ex.zones, ctx, 'zones');
    checkAnswerAmong(ex.answer, ex.zones, ctx, ['answer'], 'parmi les zones');
  });

const scene = z.strictObject({
  kind: z.enum(SCENE_KINDS, { error: `Le type d’écran est ${SCENE_KINDS.join(', ')}.` }),
  from: looseText(120).optional(),
  subject: looseText(200).optional(),
  body: looseText(2000).optional(),
  fields: z
    .array(z.strictObject({ label: text(80), value: looseText(200) }))
    .max(12)
    .optional(),
});

const situation = z
  .strictObject({ ...common, type: z.literal('situation'), scene, options: choices(2, 6), answer: id })
  .superRefine((ex, ctx) => {
    checkUniqueIds(ex.options, ctx, 'options');
    checkAnswerAmong(ex.answer, ex.options, ctx, ['answer'], 'parmi les choix');
  });

// No right answer, so right/wrong feedback makes no sense; "next" still helps.
const selfAssessment = z.strictObject({
  id: common.id,
  skill: common.skill,
  lesson: common.lesson,
  question: common.question,
  image: common.image,
  type: z.literal('auto-evaluation'),
  feedback: z.strictObject({ next: text(300).optional() }).optional(),
});

export const exerciseSchema = z.discriminatedUnion(
  'type',
  [singleChoice, multipleChoice, trueFalse, shortAnswer, ordering, matching, zoneImage, situation, selfAssessment],
  { error: `Type d’exercice inconnu. Types possibles : ${EXERCISE_TYPES.join(', ')}.` },
);

export type ModuleFile = z.output<typeof moduleSchema>;
export type LessonFrontMatter = z.output<typeof lessonFrontMatterSchema>;
export type ExerciseFile = z.output<typeof exerciseSchema>;
