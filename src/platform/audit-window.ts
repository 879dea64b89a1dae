/**
 * Reads audited once per reader and subject per AUDIT_VIEW_WINDOW (issue 20: one insert
 * per read of a record was a fifth of its database work). The first read of a subject by
 * a reader is written before the page is sent; further reads by the same reader of the
 * same subject on this instance within the window are not written again. Another instance
 * writes its own first read. Concurrent first reads wait for the same insert, so no page
 * is sent before its event is stored; a failed insert is forgotten, so the next read tries
 * again. Exports, downloads and changes never go through here: each is written.
 */
import { appScoped } from './app-scope.js';

interface Written {
  at: number;
  insert: Promise<void>;
}

export class AuditWindow {
  private readonly written = new Map<string, Written>();

  constructor(
    readonly windowMs: number,
    private readonly max = 10_000,
  ) {}

  /** Runs `insert` unless this reader's read of `subject` was written within the window. */
  async once(readerId: string, subject: string, insert: () => Promise<void>, now = Date.now()): Promise<void> {
    if (this.windowMs <= 0) return insert();
    const key = `${readerId} ${subject}`;
    const last = this.written.get(key);
    if (last && now - last.at < this.windowMs) return last.insert;
    if (this.written.size >= this.max) this.forgetOld(now);
    const entry: Written = { at: now, insert: insert() };
    this.written.set(key, entry);
    try {
      await entry.insert;
    } catch (err) {
      if (this.written.get(key) === entry) this.written.delete(key);
      throw err;
    }
  }

  private forgetOld(now: number): void {
    for (const [key, w] of this.written) if (now - w.at >= this.windowMs) this.written.delete(key);
    // Still full within the window (a flood of distinct reads): the oldest go first.
    for (const key of this.written.keys()) {
      if (this.written.size < this.max) break;
      this.written.delete(key);
    }
  }
}

/** The app's window (createApp binds it from AUDIT_VIEW_WINDOW; a script's scope writes every read). */
export const auditWindow = appScoped<AuditWindow>('audit window');
