/**
 * Per-app values that code deep in the features reads (the content catalogue, the
 * certificate rules): createApp builds them and binds them to each of its requests, so
 * two apps in one process, on two content folders, never see each other's. Code outside
 * any request (scripts, background jobs, a test calling a service) reads the process
 * default: the first app's, or the one a script loaded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

export interface AppScoped<T> {
  /** The value of the app serving this request, or else the process default. */
  get(): T;
  /** Binds `value` to every request that passes through (createApp mounts it first). */
  middleware(value: T): RequestHandler;
  /** Runs `fn` with `value` bound, as a request of that app would. */
  run<R>(value: T, fn: () => R): R;
  /** The value for code outside a request; `ifUnset` keeps one already set. */
  setDefault(value: T, opts?: { ifUnset?: boolean }): void;
}

export function appScoped<T>(what: string): AppScoped<T> {
  const storage = new AsyncLocalStorage<T>();
  let fallback: T | undefined;
  return {
    get() {
      const value = storage.getStore() ?? fallback;
      if (value === undefined) throw new Error(`${what} not loaded: createApp() or the script loads it first`);
      return value;
    },
    middleware: (value) => (_req, _res, next) => storage.run(value, next),
    run: (value, fn) => storage.run(value, fn),
    setDefault(value, opts = {}) {
      if (opts.ifUnset && fallback !== undefined) return;
      fallback = value;
    },
  };
}
