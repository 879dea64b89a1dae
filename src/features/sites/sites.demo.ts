/**
 * Demo for `npm run seed:demo`: the demo site's organisation, plainly marked as a
 * demonstration, so that a demo certificate can never pass for a real one.
 * A site whose organisation was typed already is left as it is.
 */
import { findOrCreateSite, getSiteDetail, updateOrganisation } from './site.service.js';

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
