/**
 * Per-app values that code deep in the features reads (the content catalogue, the
 * certificate rules, the activity listeners): createApp builds them and binds them to
 * each of its requests, so two apps in one process, on two content folders, never see
 * each other's. Code outside any request runs in an app's scope on purpose: a background
 * job inside the app's own (`AppScope.run`), a script or a test with the values it made
 * the process default (`AppScope.makeDefault`). Nothing becomes a default by itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

/** One value bound to one scoped name: enter it for a call, or make it the process default. */
export interface ScopeBinding {
  enter<R>(fn: () => R): R;
  makeDefault(): void;
}

export interface AppScoped<T> {
  /** The value of the app serving this request (or running this job), or else the process default. */
  get(): T;
  bind(value: T): ScopeBinding;
  /** Binds `value` to every request that passes through. */
  middleware(value: T): RequestHandler;
  /** Runs `fn` with `value` bound, as a request of that app would. */
  run<R>(value: T, fn: () => R): R;
  /** The value for code outside a request: a script's or a test's, set on purpose. */
  setDefault(value: T, opts?: { ifUnset?: boolean }): void;
}

export function appScoped<T>(what: string): AppScoped<T> {
  const storage = new AsyncLocalStorage<T>();
  let fallback: T | undefined;
  const scoped: AppScoped<T> = {
    get() {
      const value = storage.getStore() ?? fallback;
      if (value === undefined) throw new Error(`${what}: no app scope here (run it in an app's scope, see app-scope.ts)`);
      return value;
    },
    bind: (value) => ({ enter: (fn) => storage.run(value, fn), makeDefault: () => scoped.setDefault(value) }),
    middleware: (value) => (_req, _res, next) => storage.run(value, next),
    run: (value, fn) => storage.run(value, fn),
    setDefault(value, opts = {}) {
      if (opts.ifUnset && fallback !== undefined) return;
      fallback = value;
    },
  };
  return scoped;
}

/** Every per-app value of one app, bound together. */
export class AppScope {
  constructor(private readonly bindings: readonly ScopeBinding[]) {}

  /** Runs `fn` (a job, a script's step) as one of this app's requests would run. */
  run<R>(fn: () => R): R {
    const enter = (i: number): R => (i === this.bindings.length ? fn() : this.bindings[i]!.enter(() => enter(i + 1)));
    return enter(0);
  }

  /** For scripts and tests: code outside any request reads this app's values. */
  makeDefault(): void {
    for (const b of this.bindings) b.makeDefault();
  }

  middleware(): RequestHandler {
    return (_req, _res, next) => this.run(next);
  }
}
