/**
 * Demo workshop sessions for `npm run seed:demo`: two past sessions with the demo
 * residents, and one planned in two days (the leader's home shows it). Idempotent.
 */
import { DEMO_PASSWORD, DEMO_SITE, ensureAccount } from '../accounts/index.js';
import { findResidentOfUser } from '../residents/index.js';
import { findOrCreateSite } from '../sites/index.js';
import { createSession, setAttendance } from './session.service.js';
import { parseId } from '../../platform/ids.js';
import { findDemoSession } from './workshop-session.repository.js';

const DEMO_SESSIONS = [
  { moduleId: 'decouvrir-ordinateur', daysAgo: 21, attendees: ['marie.demo', 'karim.demo', 'josiane.demo'] },
  { moduleId: 'boite-mail', daysAgo: 7, attendees: ['marie.demo', 'karim.demo', 'josiane.demo'] },
  { moduleId: 'naviguer-internet', daysAgo: -2, attendees: [] },
];

export async function seedDemoSessions(): Promise<{ created: string[] }> {
  const created: string[] = [];
  const site = await findOrCreateSite({ name: DEMO_SITE, neighbourhood: 'Kérourien, Brest', address: 'Brest', demo: true });
  const { user: anim } = await ensureAccount({
    username: 'anim.demo',
    displayName: 'Yann Animateur (démo)',
    role: 'leader',
    password: DEMO_PASSWORD,
    siteId: site.id,
    demo: true,
  });
  for (const s of DEMO_SESSIONS) {
    const exists = await findDemoSession(parseId(site.id), s.moduleId);
    if (exists) continue;
    const date = new Date();
    date.setUTCHours(0, 0, 0, 0);
    date.setUTCDate(date.getUTCDate() - s.daysAgo);
    const id = await createSession(anim, { moduleId: s.moduleId, date, durationMinutes: 90, notes: '' }, { demo: true });
    const residents: string[] = [];
    for (const username of s.attendees) {
      const { user } = await ensureAccount({
        username,
        displayName: username,
        role: 'resident',
        password: DEMO_PASSWORD,
        siteId: site.id,
        demo: true,
      });
      const record = await findResidentOfUser(user.id);
      if (record) residents.push(record.id);
    }
    if (residents.length) await setAttendance(anim, id, residents);
    created.push(`séance ${s.moduleId}`);
  }
  return { created };
}
