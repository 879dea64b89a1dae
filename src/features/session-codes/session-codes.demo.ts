/**
 * Demo for `npm run seed:demo`: a workshop session today ("Se protéger des arnaques",
 * no start time, so its codes work all day) with marie.demo and karim.demo present:
 * anim.demo shows a code for Marie from the session page and types it at /code-atelier.
 * One per day the seed runs; running it again the same day changes nothing.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SITE, ensureAccount } from '../accounts/index.js';
import { findResidentOfUser } from '../residents/index.js';
import { createSession, demoSessionExists, setAttendance } from '../sessions/index.js';
import { findOrCreateSite } from '../sites/index.js';
import { dayInBrest } from '../../platform/day.js';

export const DEMO_TODAY_MODULE = 'arnaques';

async function demoUser(username: string, siteId: string) {
  const a = DEMO_ACCOUNTS.find((x) => x.username === username)!;
  return (await ensureAccount({ ...a, password: DEMO_PASSWORD, siteId, demo: true })).user;
}

export async function seedDemoSessionToday(): Promise<{ created: string[] }> {
  const site = await findOrCreateSite({ name: DEMO_SITE });
  const today = dayInBrest(new Date());
  const notes = `Séance du jour (démo, ${today}) : codes de l’atelier.`;
  if (await demoSessionExists(site.id, notes)) return { created: [] };
  const leader = await demoUser('anim.demo', site.id);
  const id = await createSession(
    leader,
    { moduleId: DEMO_TODAY_MODULE, date: new Date(`${today}T00:00:00Z`), durationMinutes: 90, notes, startMinutes: null },
    { demo: true },
  );
  const present: string[] = [];
  for (const username of ['marie.demo', 'karim.demo']) {
    const record = await findResidentOfUser((await demoUser(username, site.id)).id);
    if (record) present.push(record.id);
  }
  await setAttendance(leader, id, present);
  return { created: [`séance du jour ${DEMO_TODAY_MODULE}`] };
}
