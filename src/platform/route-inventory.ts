/**
 * The routes an app answers, read from the app itself: the role-matrix test compares
 * them with its table, so that a new route cannot ship without its access checks.
 * router 2.3 (Express 5) lists the routes and mounted routers of each router.
 */
import type { Express } from 'express';

export interface RouteEntry {
  method: string;
  /** The path pattern as registered, e.g. `/residents/:id/pieces/:file`. */
  path: string;
}

interface ListedRoute {
  path: string | RegExp;
  methods: string[] | undefined;
  router: ListingRouter | undefined;
}
interface ListingRouter {
  listRoutes(): ListedRoute[];
}

function join(prefix: string, path: string): string {
  if (prefix === '' || prefix === '/') return path;
  return path === '/' ? prefix : `${prefix}${path}`;
}

function walk(router: ListingRouter, prefix: string, out: RouteEntry[]): void {
  for (const { path, methods, router: child } of router.listRoutes()) {
    // A pattern given as a RegExp has no path to show: refuse it, so every route keeps one.
    if (typeof path !== 'string') throw new Error(`route with a RegExp path under "${prefix || '/'}": ${String(path)}`);
    const full = join(prefix, path);
    if (child) walk(child, full, out);
    for (const method of methods ?? []) {
      // The router answers HEAD for every GET: not a route of its own.
      if (method === 'HEAD' && methods!.includes('GET')) continue;
      out.push({ method, path: full });
    }
  }
}

/** Every method and path pattern of the app, in registration order, HEAD left out. */
export function routeInventory(app: Express): RouteEntry[] {
  const router = app.router as unknown as Partial<ListingRouter>;
  if (typeof router.listRoutes !== 'function') throw new Error('this router cannot list its routes (router 2.3 or later needed)');
  const out: RouteEntry[] = [];
  walk(router as ListingRouter, '', out);
  return out;
}
