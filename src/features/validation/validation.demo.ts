/**
 * Demo for `npm run seed:demo`: anim.demo has validated every skill of
 * "Découvrir l'ordinateur" for marie.demo (at the demo workshop session when there is
 * one); certificates.demo.ts then issues its certificate. karim.demo, a job-seeker, has
 * the same skills validated, so /mes-certificats shows his way to the core certificate
 * ("Compétences numériques de base") and what he still lacks. Running it again changes nothing.
 */
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SITE, ensureAccount } from '../accounts/index.js';
import { getProgress } from '../progress/index.js';
import { findResidentOfUser } from '../residents/index.js';
import { listSessionsOfResident } from '../sessions/index.js';
import { findOrCreateSite } from '../sites/index.js';
import { catalogue } from '../workshops/index.js';
import { dayInBrest } from './validation-rules.js';
import { validateSession, validateSkill } from './validation.service.js';

const MODULE = 'decouvrir-ordinateur';

async function demoUser(username: string) {
  const a = DEMO_ACCOUNTS.find((x) => x.username === username)!;
  const site = await findOrCreateSite({ name: DEMO_SITE });
  return (await ensureAccount({ ...a, password: DEMO_PASSWORD, siteId: site.id, demo: true })).user;
}

export async function seedDemoValidations(): Promise<{ created: string[] }> {
  const [leader, marie, karim] = await Promise.all([demoUser('anim.demo'), demoUser('marie.demo'), demoUser('karim.demo')]);
  const now = new Date();
  const created: string[] = [];
  for (const [name, resident] of [
    ['marie.demo', marie],
    ['karim.demo', karim],
  ] as const) {
    const count = await validateModule(leader, resident, now);
    if (count) created.push(`${count} validations pour ${name}`);
  }
  return { created };
}

/** Every skill of the demo module, at the demo session the resident attended; how many were new. */
async function validateModule(
  leader: Awaited<ReturnType<typeof demoUser>>,
  marie: Awaited<ReturnType<typeof demoUser>>,
  now: Date,
): Promise<number> {
  const progress = await getProgress(marie.id);
  const todo = catalogue()
    .moduleById.get(MODULE)!
    .skills.filter((s) => !progress.skills[s.id]?.validation);
  if (todo.length) {
    const record = await findResidentOfUser(marie.id);
    const session = record ? (await listSessionsOfResident(record.id)).find((s) => s.moduleId === MODULE) : undefined;
    const input = { method: 'atelier' as const, level: 'seul' as const, comment: 'Vu pendant l’atelier (démo).' };
    if (session) {
      const cells = todo.map((s) => `${marie.id}:${s.id}`);
      await validateSession(leader, session.id, cells, { ...input, day: dayInBrest(session.date) }, now);
    } else {
      for (const s of todo) await validateSkill(leader, marie.id, s.id, { ...input, day: dayInBrest(now) }, now);
    }
  }
  return todo.length;
}
