/**
 * Every signed-in request reads its session, then its account: two database commands
 * before the page's own (issue 20: with FerretDB each costs about as much CPU as the page
 * itself). An app keeps both in memory for SESSION_CACHE (1 s by default), per instance:
 * - this instance's own writes go through it: a logout, a session written or touched, an
 *   account changed (updateUser) or its sessions ended (endSessionsOfUser) change or
 *   drop the entry at once, so this instance never serves what it changed as it was;
 * - another instance's writes are seen after at most SESSION_CACHE: a logout, a password
 *   change or a deactivation made elsewhere lets a session already in this memory serve
 *   at most that long (the session's end and idle time are still checked against now);
 * - a read that started before a drop never fills the cache after it (a generation count),
 *   so a session ended while it was being read is not brought back;
 * - at most `max` entries of each kind; the oldest go first. 0 turns the cache off.
 */
import type { SessionUser } from './session-user.js';

interface Entry<V> {
  value: V;
  at: number;
}

/** A session as the store keeps it (sessions.ts). */
export interface CachedSession {
  data: string;
  user: string | null;
  expires: Date;
  touchedAt: Date;
}

/** Every cache of this process, so that an account's change drops it from all of them. */
const live = new Set<SessionCache>();

export class SessionCache {
  private readonly sessions = new Map<string, Entry<CachedSession>>();
  private readonly users = new Map<string, Entry<SessionUser>>();
  private generation = 0;

  constructor(
    readonly ttlMs: number,
    private readonly max = 10_000,
  ) {
    if (ttlMs > 0) live.add(this);
  }

  /** A mark to give back to `putSession`/`putUser`: taken before the database read. */
  mark(): number {
    return this.generation;
  }

  session(sid: string, now = Date.now()): CachedSession | undefined {
    return this.fresh(this.sessions, sid, now);
  }

  user(id: string, now = Date.now()): SessionUser | undefined {
    const user = this.fresh(this.users, id, now);
    // A copy: a request's user is its own.
    return user && { ...user };
  }

  /** After a read that began at `mark`; ignored if anything was dropped meanwhile. */
  putSession(sid: string, doc: CachedSession, mark: number, now = Date.now()): void {
    if (mark === this.generation) this.put(this.sessions, sid, { ...doc }, now);
  }

  putUser(id: string, user: SessionUser, mark: number, now = Date.now()): void {
    if (mark === this.generation) this.put(this.users, id, { ...user }, now);
  }

  /** This instance wrote the session: the cache holds what was written (when it held it, or `add`). */
  wroteSession(sid: string, doc: CachedSession, opts: { add?: boolean } = {}, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.generation++;
    if (opts.add || this.sessions.has(sid)) this.put(this.sessions, sid, { ...doc }, now);
  }

  /** The session just touched: its end and its last write move on. */
  touchedSession(sid: string, expires: Date, touchedAt: Date): void {
    const entry = this.sessions.get(sid);
    if (entry) entry.value = { ...entry.value, expires, touchedAt };
  }

  dropSession(sid: string): void {
    this.generation++;
    this.sessions.delete(sid);
  }

  /** An account changed, or its sessions ended: its entry and its sessions' go. */
  dropUser(id: string): void {
    this.generation++;
    this.users.delete(id);
    for (const [sid, entry] of this.sessions) if (entry.value.user === id) this.sessions.delete(sid);
  }

  private fresh<V>(map: Map<string, Entry<V>>, key: string, now: number): V | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (now - entry.at < this.ttlMs && now >= entry.at) return entry.value;
    map.delete(key);
    return undefined;
  }

  private put<V>(map: Map<string, Entry<V>>, key: string, value: V, now: number): void {
    if (this.ttlMs <= 0) return;
    map.delete(key);
    map.set(key, { value, at: now });
    // A Map keeps its insertion order: the first key is the oldest entry.
    while (map.size > this.max) map.delete(map.keys().next().value!);
  }
}

/** An account was written, or its sessions ended: every cache of this process forgets it. */
export function forgetAccount(userId: string): void {
  for (const cache of live) cache.dropUser(userId);
}
