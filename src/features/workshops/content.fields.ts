/**
 * The small pieces every file of content/ is made of: ids, texts, images, and the
 * checks on lists of ids. Messages are in French: authors read them at start-up.
 */
import { z } from 'zod';

export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** `images/<file>` with a plain file name: no sub-folder, so never `..`. */
export const IMAGE_SRC_PATTERN = /^images\/[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*\.(svg|png|jpe?g|webp|gif)$/i;

export const id = z
  .string({ error: 'Un identifiant est un texte : minuscules, chiffres et tirets.' })
  .max(60, 'Identifiant trop long (60 caractères au plus).')
  .regex(ID_PATTERN, 'Identifiant invalide : minuscules sans accent, chiffres et tirets (ex. joindre-fichier).');

/** Required text, trimmed, between 1 and `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: 'Texte attendu.' })
    .trim()
    .min(1, 'Ce texte est vide.')
    .max(max, `Texte trop long (${max} caractères au plus).`);

/** Optional text that may be empty (e.g. the subject of an SMS scene). */
export const looseText = (max: number) =>
  z
    .string({ error: 'Texte attendu (mettez-le entre guillemets).' })
    .trim()
    .max(max, `Texte trop long (${max} caractères au plus).`);

export const order = z
  .number({ error: 'Un nombre entier est attendu.' })
  .int('Un nombre entier est attendu.')
  .min(1, 'Le nombre doit être 1 ou plus.')
  .max(999, 'Le nombre doit être 999 ou moins.');

export const imageSrc = z
  .string({ error: 'Chemin d’image attendu, par exemple images/ordinateur.svg.' })
  .regex(IMAGE_SRC_PATTERN, 'Chemin d’image invalide : écrivez images/<nom>.svg (sans accent ni espace).');

export const image = z.strictObject({ src: imageSrc, alt: text(250) });

/** Adds an issue for each id that appears twice in `items`. */
export function checkUniqueIds(items: readonly { id: string }[], ctx: z.RefinementCtx, field: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', path: [field, index, 'id'], message: `L’identifiant « ${item.id} » est en double.` });
    }
    seen.add(item.id);
  });
}

export function checkAnswerAmong(
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
