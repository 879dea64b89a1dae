/**
 * Demo for `npm run seed:demo`, after the sessions: marie.demo answered "je sais / pas
 * encore" before and after the "Ma boîte mail" session (a week ago), and before today's
 * session; her record shows it beside the validations, her booklet prints it.
 * Running it again changes nothing.
 */
import mongoose from 'mongoose';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SITE, ensureAccount } from '../accounts/index.js';
import { findResidentOfUser } from '../residents/index.js';
import { listSessionsOfResident } from '../sessions/index.js';
import { findOrCreateSite } from '../sites/index.js';
import { catalogue } from '../workshops/index.js';
import { documentKey, withDocumentLock } from '../../platform/document-lock.js';
import type { Answers } from './self-assessment-rules.js';
import { findSelfOfSession, saveSelf } from './self-assessment.repository.js';

const ANSWERED = [
  // The first two skills learnt at the session; the others not yet.
  { moduleId: 'boite-mail', before: () => 'pas-encore' as const, after: (i: number) => (i < 2 ? 'sait' : 'pas-encore') },
  { moduleId: 'arnaques', before: (i: number) => (i === 0 ? 'sait' : 'pas-encore'), after: null },
] as const;

export async function seedDemoSelfAssessments(): Promise<{ created: string[] }> {
  const site = await findOrCreateSite({ name: DEMO_SITE });
  const account = DEMO_ACCOUNTS.find((a) => a.username === 'marie.demo')!;
  const { user } = await ensureAccount({ ...account, password: DEMO_PASSWORD, siteId: site.id, demo: true });
  const record = await findResidentOfUser(user.id);
  if (!record) return { created: [] };
  const sessions = await listSessionsOfResident(record.id);
  const created: string[] = [];
  for (const a of ANSWERED) {
    const session = sessions.find((s) => s.moduleId === a.moduleId);
    if (!session) continue;
    const id = `${session.id}:${user.id}`;
    const skills = catalogue().moduleById.get(a.moduleId)!.skills;
    const answers = (f: (i: number) => string) => Object.fromEntries(skills.map((s, i) => [s.id, f(i)])) as Answers;
    await withDocumentLock(documentKey('session_self_assessments', id), async () => {
      if (await findSelfOfSession(id)) return;
      const at = new Date();
      await saveSelf({
        _id: id,
        session: new mongoose.Types.ObjectId(session.id),
        user: new mongoose.Types.ObjectId(user.id),
        moduleId: a.moduleId,
        sessionDate: session.date,
        before: answers(a.before),
        beforeAt: at,
        after: a.after ? answers(a.after) : null,
        afterAt: a.after ? at : null,
      });
      created.push(`auto-évaluation ${a.moduleId} de marie.demo`);
    });
  }
  return { created };
}
