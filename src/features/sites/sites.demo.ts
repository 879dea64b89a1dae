/**
 * Demo for `npm run seed:demo`: the demo site's organisation, plainly marked as a
 * demonstration, so that a demo certificate can never pass for a real one.
 * A site whose organisation was typed already is left as it is.
 */
import { findOrCreateSite, getSiteDetail, updateBuildings, updateOrganisation, updatePlace } from './site.service.js';

export const DEMO_ORGANISATION = {
  legalName: 'Démonstration — Centre social de Kérourien (fictif)',
  address: 'Démonstration — 1 rue fictive, 29200 Brest',
  phone: '02 00 00 00 00',
  website: 'https://demo.example',
  signatoryName: 'Anne Démo',
  signatoryRole: 'Directrice (démonstration)',
} as const;

export async function seedDemoOrganisation(siteName: string): Promise<{ created: string[] }> {
  const site = await findOrCreateSite({ name: siteName, demo: true });
  const detail = await getSiteDetail(site.id);
  if (detail?.organisation.legalName) return { created: [] };
  await updateOrganisation(site.id, { ...DEMO_ORGANISATION });
  return { created: [`organisation de ${siteName}`] };
}

/** Where the demo spaces are (Brest: postal code 29200, INSEE 29019) and when they open; no SIRET (zeros). */
const DEMO_PLACES: Record<string, { address: string; openingHours: string }> = {
  'Kérourien (démo)': { address: '1 rue de Kérourien', openingHours: 'Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00' },
  'Bellevue (démo)': { address: '2 place Napoléon III', openingHours: 'Tu,Th 14:00-18:00' },
};

/** Each demo site's place for /lieux.json and /lieux.csv; a place typed already is left as it is. */
export async function seedDemoPlaces(siteNames: readonly string[]): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const name of siteNames) {
    const site = await findOrCreateSite({ name, demo: true });
    const detail = await getSiteDetail(site.id);
    if (!detail || detail.place.postalCode) continue;
    const place = DEMO_PLACES[name] ?? { address: '1 rue fictive', openingHours: '' };
    await updatePlace(site.id, { ...place, postalCode: '29200', commune: 'Brest', inseeCode: '29019', siret: '' });
    created.push(`lieu de ${name}`);
  }
  return { created };
}

/** The demo site's buildings (its records live in A to D, its year of activity in A to F); a list typed already is left as it is. */
export async function seedDemoBuildings(siteName: string): Promise<{ created: string[] }> {
  const site = await findOrCreateSite({ name: siteName, demo: true });
  const detail = await getSiteDetail(site.id);
  if (!detail || detail.buildings.length > 0) return { created: [] };
  await updateBuildings(site.id, 'A\nB\nC\nD\nE\nF');
  return { created: [`bâtiments de ${siteName}`] };
}
