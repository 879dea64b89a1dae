/**
 * The audit trail: who saw or changed personal data, who issued, downloaded or
 * revoked a certificate. Append-only; written after the action, read only by
 * coordinators. `subject` names the object (e.g. "resident:<id>", "certificate:<id>").
 */
import mongoose from 'mongoose';
import { auditMonth, eventsToScrub, insertAuditEvent, scrubAuditEvent } from './audit.repository.js';

export type { AuditEntry } from './audit.repository.js';

export interface AuditActor {
  id: string;
  displayName: string;
  siteId?: string | null;
}

export async function audit(
  actor: AuditActor | null,
  action: string,
  subject: string,
  details: Record<string, unknown> = {},
  now = new Date(),
): Promise<void> {
  await insertAuditEvent({
    actor: actor?.id,
    actorName: actor?.displayName ?? 'système',
    action,
    subject,
    site: actor?.siteId ?? undefined,
    details,
    at: now,
    month: auditMonth(now),
  });
}

/** One action a feature records, and the translation key of its name in the journal. */
export interface AuditAction<A extends string = string> {
  action: A;
  label: string;
}

/**
 * A feature's own audit actions: it declares them (with their names in its messages,
 * `<namespace>.auditActions.<action>`) and records only those; the journal's filter
 * offers every feature's (features/audit).
 */
export function declareAuditActions<const A extends string>(namespace: string, actions: readonly A[]) {
  return {
    actions: actions.map((action): AuditAction<A> => ({ action, label: `${namespace}.auditActions.${action}` })),
    record: (actor: AuditActor | null, action: A, subject: string, details?: Record<string, unknown>, now?: Date) =>
      audit(actor, action, subject, details, now),
  };
}

// The reads live in audit.repository.ts (one place for the queries the explain test checks).

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * Erasure of a person: in the events about them (`subjects`) and in those they did
 * themselves (`actorId`), every text of the details that holds one of `words` (their
 * names, their username) is replaced; the events stay, so the counts stay.
 */
export async function anonymiseAuditTrail(target: { subjects: string[]; actorId?: string; words: string[] }): Promise<number> {
  const words = target.words.map(fold).filter((w) => w.length >= 3);
  const rows = [];
  for (const subject of target.subjects) rows.push(...(await eventsToScrub({ subject })));
  if (target.actorId) rows.push(...(await eventsToScrub({ actor: new mongoose.Types.ObjectId(target.actorId) })));
  let changed = 0;
  for (const row of rows) {
    const $set: Record<string, string> = {};
    for (const [key, value] of Object.entries(row.details ?? {}))
      if (typeof value === 'string' && words.some((w) => fold(value).includes(w))) $set[`details.${key}`] = ERASED;
    if (target.actorId && String(row.actor) === target.actorId) $set.actorName = ERASED;
    if (Object.keys($set).length === 0) continue;
    // Append-only: no other write touches an event, so no lock is needed.
    await scrubAuditEvent(row._id, $set);
    changed++;
  }
  return changed;
}

const ERASED = '[effacé]';
