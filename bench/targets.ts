/**
 * What the benches open in one database of scale data (seed:scale): a leader of the first
 * scale site, one of its residents who holds a certificate, and the pages about them.
 */
import type mongoose from 'mongoose';
import { catalogue } from '../src/features/workshops/index.js';
import { leaderUsername, SCALE_SITES } from '../scripts/scale-data.js';

export interface Targets {
  residents: number;
  siteResidents: number;
  attempts: number;
  leader: string;
  resident: string;
  record: string;
  validation: string;
  workshop: string;
  check: string;
  /** The leader's latest workshop session and its validation grid. */
  session: string;
  sessionGrid: string;
}

/** What the bench opens in one database: a leader of the first scale site and one of its residents with a certificate. */
export async function targets(conn: mongoose.Connection): Promise<Targets | null> {
  const c = (name: string) => conn.collection(name);
  const site = await c('sites').findOne({ name: SCALE_SITES[0].name });
  if (!site) return null;
  const cert = await c('certificates').findOne({ site: site._id, status: 'valid', kind: 'module' });
  if (!cert) throw new Error('no certificate on the first scale site');
  const [record, user] = await Promise.all([c('residents').findOne({ user: cert.user }), c('users').findOne({ _id: cert.user })]);
  if (!record || !user) throw new Error('the certificate’s resident is missing');
  const module = catalogue().moduleById.has(String(cert.ref)) ? String(cert.ref) : catalogue().modules[0]!.id;
  // A session with attendees (the first one found: no sort, which FerretDB would do in memory).
  const session = await c('workshopsessions').findOne({ site: site._id, moduleId: module });
  if (!session) throw new Error('no workshop session on the first scale site');
  return {
    residents: await c('residents').countDocuments({}),
    siteResidents: await c('residents').countDocuments({ site: site._id }),
    // collStats, not a count: FerretDB 1.x counts by reading every document (minutes at 2 million).
    attempts: Number((await conn.db!.command({ collStats: 'attempts' })).count),
    leader: leaderUsername(0),
    resident: String(user.username),
    record: `/residents/${String(record._id)}`,
    validation: `/validation/residents/${String(user._id)}`,
    workshop: `/ateliers/${module}`,
    check: `/verifier/${String(cert.code)}`,
    session: `/seances/${String(session._id)}`,
    sessionGrid: `/validation/seances/${String(session._id)}`,
  };
}
