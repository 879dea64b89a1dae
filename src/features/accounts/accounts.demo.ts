/** Demo accounts for `npm run seed:demo`. Idempotent: existing accounts are left as they are. */
import { findOrCreateSite } from '../sites/index.js';
import { ensureAccount } from './accounts.service.js';
import type { Role } from '../../platform/session-user.js';

export const DEMO_PASSWORD = 'demo-kerourien-2026';
export const DEMO_SITE = 'Kérourien (démo)';

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
  { username: 'coord.demo', displayName: 'Claire Coordinatrice (démo)', role: 'coordinator' },
  { username: 'anim.demo', displayName: 'Yann Animateur (démo)', role: 'leader' },
  { username: 'marie.demo', displayName: 'Marie-Hélène Le Guérec', role: 'resident' },
  { username: 'karim.demo', displayName: 'Karim Benali', role: 'resident' },
  { username: 'josiane.demo', displayName: 'Josiane Kerhervé', role: 'resident' },
];

export async function seedDemoAccounts(): Promise<{ created: string[] }> {
  const site = await findOrCreateSite({ name: DEMO_SITE, neighbourhood: 'Kérourien, Brest', address: 'Brest', demo: true });
  const created: string[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const res = await ensureAccount({
      ...a,
      password: DEMO_PASSWORD,
      siteId: a.role === 'coordinator' ? null : site.id,
      demo: true,
    });
    if (res.created) created.push(a.username);
  }
  return { created };
}
