/**
 * Page weight on the 2 Mbit/s line: bytes on the wire (gzip) for a first visit (the
 * page, its CSS, JS and images) and for a second visit (assets are cached for a year,
 * so only the page). Budget from DESIGN.md: < 60 KB first visit, < 15 KB second.
 * Used by page-weight.bench.ts (its own app) and by `npm run bench` (the bench's app).
 */
import { catalogue } from '../src/features/workshops/index.js';
import type { Client } from './http-client.js';

export const BUDGET_FIRST = 60 * 1024;
export const BUDGET_SECOND = 15 * 1024;

export interface PageWeight {
  rows: string[];
  worstFirst: number;
  worstSecond: number;
}

/**
 * `visitor` is a client without a session, `resident` one logged in as a resident,
 * `staff` (optional) a coordinator or leader: the statistics page, the heaviest staff page
 * (three inline SVG charts and their tables).
 */
export async function measurePageWeight(visitor: Client, resident: Client, staff?: Client): Promise<PageWeight> {
  const out: PageWeight = { rows: [], worstFirst: 0, worstSecond: 0 };
  async function measure(client: Client, name: string, url: string) {
    const page = await client.get(url, { gzip: true });
    if (page.status !== 200) throw new Error(`${url}: ${page.status}`);
    const assets = [...page.text.matchAll(/(?:href|src)="(\/(?:static|contenu)\/[^"]+)"/g)].map((x) =>
      x[1]!.replace(/&amp;/g, '&'),
    );
    let assetBytes = 0;
    for (const a of new Set(assets)) assetBytes += (await client.get(a, { gzip: true })).bytes;
    const first = page.bytes + assetBytes;
    out.worstFirst = Math.max(out.worstFirst, first);
    out.worstSecond = Math.max(out.worstSecond, page.bytes);
    out.rows.push(
      `| ${name} | ${(page.bytes / 1024).toFixed(1)} | ${(assetBytes / 1024).toFixed(1)} | ${(first / 1024).toFixed(1)} | ${((first * 8) / 2_000_000).toFixed(2)} s |`,
    );
  }
  await measure(visitor, 'verification (visitor)', '/verifier');
  await measure(visitor, 'login (visitor)', '/connexion');

  const m = catalogue().modules[4]!;
  const ex = (type: string) =>
    m.exercises.find((e) => e.type === type) ??
    catalogue()
      .modules.flatMap((x) => x.exercises)
      .find((e) => e.type === type)!;
  const pages = [
    ['home', '/'],
    ['catalogue', '/ateliers'],
    ['module', `/ateliers/${m.id}`],
    ['lesson', `/ateliers/${m.id}/lecons/${m.lessons[0]!.id}`],
    ['exercise: zone-image', `/ateliers/${ex('zone-image').moduleId}/exercices/${ex('zone-image').id}`],
    ['exercise: situation', `/ateliers/${ex('situation').moduleId}/exercices/${ex('situation').id}`],
    ['progress', '/ma-progression'],
  ] as const;
  for (const [name, url] of pages) await measure(resident, name, url);
  if (staff) {
    await measure(staff, 'home (staff)', '/');
    await measure(staff, 'statistics (staff)', '/statistiques');
  }
  return out;
}

export function pageWeightReport(w: PageWeight): string[] {
  return [
    `Page weight, gzip, bytes on the wire (KB). Budget: first visit < ${BUDGET_FIRST / 1024} KB, second < ${BUDGET_SECOND / 1024} KB.`,
    '',
    '| page | HTML (2nd visit) | CSS + JS + images | 1st visit | 1st visit at 2 Mbit/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...w.rows,
    '',
    `worst first visit ${(w.worstFirst / 1024).toFixed(1)} KB (${w.worstFirst < BUDGET_FIRST ? 'within' : 'OVER'} budget), ` +
      `worst second visit ${(w.worstSecond / 1024).toFixed(1)} KB (${w.worstSecond < BUDGET_SECOND ? 'within' : 'OVER'} budget)`,
  ];
}
