/**
 * Who is signed in, as every request sees it (req.user): the roles and the plain values
 * a session carries. Here, at the bottom, so that the platform's guards and Express's
 * types need no feature; the accounts feature makes and stores them.
 */
export const ROLES = ['resident', 'leader', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

/** What a request knows about its user: no hash, plain values only. */
export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  displayName: string;
  siteId: string | null;
  locale: 'fr' | 'en';
  mustChangePassword: boolean;
  /** Larger text and spacing on every page (views/partials/head.ejs). */
  largeText: boolean;
}
