/**
 * The shape of an exercise file (see content/README.md): one schema per type, strict so
 * that a misspelt field is reported instead of ignored.
 */
import { z } from 'zod';
import { ANSWER_KINDS, needsExactMatch } from '../catalogue/index.js';
import { checkAnswerAmong, checkUniqueIds, id, image, looseText, text } from './content.fields.js';

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

// ------------------------------------------------------------------ exercises

const feedback = z.strictObject({ right: text(600), wrong: text(600), next: text(300).optional() });

export const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;
/** « décembre 2026 »: when the facts were checked on an official source. */
export const VERIFIED_PATTERN = new RegExp(`^(${MONTHS.join('|')}) (20\\d\\d)$`);

const taught = z
  .union([text(300), z.array(text(300)).min(1, 'Au moins une phrase de la leçon.')], {
    error: 'Une phrase de la leçon (ou une liste de phrases), entre guillemets.',
  })
  .transform((t) => (typeof t === 'string' ? [t] : t));

const common = {
  id,
  skill: id,
  lesson: id.optional(),
  question: text(300),
  image: image.optional(),
  feedback,
  taught: taught.optional(),
  verified: z
    .string({ error: 'Un mois et une année, par exemple "décembre 2026".' })
    .regex(VERIFIED_PATTERN, 'Un mois et une année en toutes lettres, par exemple "décembre 2026".')
    .optional(),
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
    samples: z
      .strictObject({
        right: z.array(text(100)).min(1, 'Au moins une réponse juste à essayer.'),
        wrong: z.array(text(100)).min(1, 'Au moins une réponse fausse à essayer.'),
      })
      .optional(),
  })
  .superRefine((ex, ctx) => {
    if (ex.kind !== 'mot') return;
    ex.answers.forEach((answer, index) => {
      if (needsExactMatch(answer))
        ctx.addIssue({
          code: 'custom',
          path: ['answers', index],
          message: `« ${answer} » a un nombre ou une adresse web : il faut une réponse exacte. Écrivez kind: nombre, montant, date, code ou adresse-web.`,
        });
    });
  });

/** Groups of steps that may come in any order: each of 2 steps or more, next to each other in `items`. */
function checkAnyOrder(
  ex: { items: readonly { id: string }[]; anyOrder?: readonly string[][] | undefined },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  (ex.anyOrder ?? []).forEach((group, g) => {
    const places = group.map((stepId) => ex.items.findIndex((item) => item.id === stepId));
    const path = ['anyOrder', g];
    if (places.some((p) => p < 0)) {
      ctx.addIssue({ code: 'custom', path, message: `Une étape de ce groupe n’existe pas (${group.join(', ')}).` });
    } else if (group.some((stepId) => seen.has(stepId))) {
      ctx.addIssue({ code: 'custom', path, message: 'Une étape est dans deux groupes.' });
    } else if (Math.max(...places) - Math.min(...places) !== group.length - 1) {
      ctx.addIssue({ code: 'custom', path, message: 'Les étapes d’un groupe se suivent dans items.' });
    } else if (group.length === ex.items.length) {
      ctx.addIssue({ code: 'custom', path, message: 'Toutes les étapes dans un groupe : il n’y a plus d’ordre à trouver.' });
    }
    group.forEach((stepId) => seen.add(stepId));
  });
}

const ordering = z
  .strictObject({
    ...common,
    type: z.literal('remettre-en-ordre'),
    items: z
      .array(choice, { error: 'Une liste d’étapes est attendue.' })
      .min(2, 'Il faut au moins 2 étapes.')
      .max(8, 'Il faut au plus 8 étapes.'),
    anyOrder: z
      .array(z.array(id).min(2, 'Un groupe a au moins 2 étapes.'), {
        error: 'Une liste de groupes d’étapes est attendue, par ex. [[b, c]].',
      })
      .optional(),
  })
  .superRefine((ex, ctx) => {
    checkUniqueIds(ex.items, ctx, 'items');
    checkAnyOrder(ex, ctx);
  });

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

export type ExerciseFile = z.output<typeof exerciseSchema>;
