/**
 * The audit trail's page, for coordinators only: one page of events, each subject named
 * (a resident's name, an account's name, a certificate's page) rather than shown as an id.
 */
import { findSessionUser, type SessionUser } from '../accounts/index.js';
import { residentRefsByIds } from '../residents/index.js';
import type { AuditEntry } from '../../platform/audit.js';
import { listAuditPage } from '../../platform/audit.repository.js';
import { Forbidden } from '../../platform/errors.js';
import type { Page } from '../../platform/paging.js';

/** A journal line: the event, and what its subject is in words, with a link to it. */
export interface AuditLine extends AuditEntry {
  subjectKind: 'resident' | 'certificate' | 'user' | 'session' | 'other';
  subjectName: string;
  subjectHref: string | null;
}

export interface JournalFilter {
  subject?: string;
  month: string;
  actor?: string;
  action?: string;
}

export async function auditTrail(actor: SessionUser, filter: JournalFilter, page: number): Promise<Page<AuditLine>> {
  if (actor.role !== 'coordinator') throw new Forbidden();
  const list = await listAuditPage(filter, page);
  const idsOf = (kind: string) => [
    ...new Set(list.rows.flatMap((e) => (e.subject.startsWith(`${kind}:`) ? [e.subject.slice(kind.length + 1)] : []))),
  ];
  const [residents, users] = await Promise.all([
    residentRefsByIds(idsOf('resident')),
    Promise.all(idsOf('user').map(findSessionUser)),
  ]);
  const residentNames = new Map(residents.map((r) => [r.id, `${r.firstName} ${r.lastName}`.trim()]));
  const userNames = new Map(users.flatMap((u) => (u ? [[u.id, u.displayName] as const] : [])));
  return {
    ...list,
    rows: list.rows.map((e): AuditLine => {
      const [kind = '', id = ''] = e.subject.split(':');
      if (kind === 'resident')
        return { ...e, subjectKind: 'resident', subjectName: residentNames.get(id) ?? '', subjectHref: null };
      if (kind === 'user') return { ...e, subjectKind: 'user', subjectName: userNames.get(id) ?? '', subjectHref: null };
      if (kind === 'certificate') return { ...e, subjectKind: 'certificate', subjectName: '', subjectHref: `/certificats/${id}` };
      if (kind === 'session') return { ...e, subjectKind: 'session', subjectName: '', subjectHref: null };
      return { ...e, subjectKind: 'other', subjectName: e.subject, subjectHref: null };
    }),
  };
}
