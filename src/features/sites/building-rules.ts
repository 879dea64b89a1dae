/**
 * A site's buildings: one key per building however it is typed, and the list a
 * coordinator types (one building per line). Pure functions of plain data.
 */

/** Words that only say "building": "Bât. C", "bat c", "Bâtiment C" and "C" are one building. */
const BUILDING_WORDS = new Set(['batiment', 'bat', 'bt', 'immeuble']);

/**
 * One key for a building however it is typed: case, accents, punctuation and spaces
 * ignored, the words "bâtiment", "bât", "bat", "bt", "immeuble" left out ("Bât. C" → "c").
 * A name made only of such words keeps them ("Bâtiment" → "batiment").
 */
export function buildingKey(name: string): string {
  const words = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = words.filter((w) => !BUILDING_WORDS.has(w));
  return (kept.length ? kept : words).join('');
}

export interface Building {
  key: string;
  label: string;
}

/** As long as a household's building (household.model.ts). */
export const BUILDING_LABEL_MAX = 40;
export const BUILDINGS_MAX = 100;

export type BuildingsParse =
  { ok: true; buildings: Building[] } | { ok: false; error: 'tooLong' | 'twice' | 'noName' | 'tooMany'; line: string };

/**
 * The list typed in the site's form, one building per line; blank lines ignored.
 * Refused: a line too long, a line with no letter or digit, the same building twice
 * ("Bât. C" and "C"), more than BUILDINGS_MAX.
 */
export function parseBuildings(text: string): BuildingsParse {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  if (lines.length > BUILDINGS_MAX) return { ok: false, error: 'tooMany', line: '' };
  const buildings: Building[] = [];
  for (const label of lines) {
    if (label.length > BUILDING_LABEL_MAX) return { ok: false, error: 'tooLong', line: label };
    const key = buildingKey(label);
    if (!key) return { ok: false, error: 'noName', line: label };
    if (buildings.some((b) => b.key === key)) return { ok: false, error: 'twice', line: label };
    buildings.push({ key, label });
  }
  return { ok: true, buildings };
}

/**
 * A list from the buildings households were given (the start-up migration): one entry
 * per key, the label met first ("Bât. C" and "bat c" give "Bât. C"), sorted by label.
 */
export function buildingsFromLabels(labels: readonly string[]): Building[] {
  const byKey = new Map<string, Building>();
  for (const raw of labels) {
    const label = raw.replace(/\s+/g, ' ').trim().slice(0, BUILDING_LABEL_MAX);
    const key = buildingKey(label);
    if (key && !byKey.has(key)) byKey.set(key, { key, label });
  }
  return [...byKey.values()].sort((a, b) => a.label.localeCompare(b.label, 'fr')).slice(0, BUILDINGS_MAX);
}

/** The building of the list a resident's form names, or null (not on the list). */
export function listedBuilding(list: readonly Building[], typed: string): Building | null {
  const key = buildingKey(typed);
  return list.find((b) => b.key === key) ?? null;
}

/** The list as the form shows it again: one label per line. */
export const buildingsText = (list: readonly Building[]) => list.map((b) => b.label).join('\n');
