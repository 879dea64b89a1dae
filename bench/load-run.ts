/**
 * One autocannon run of one page, as the benches measure it: every response time kept
 * (for the percentiles), optionally each request from a new address (X-Forwarded-For,
 * for the pages limited per address), and a wait until the app is idle again.
 */
import autocannon from 'autocannon';
import { Client } from './http-client.js';

export interface LoadResult {
  result: autocannon.Result;
  /** Every response time, sorted (ms). */
  times: number[];
}

let addressCounter = 0;

export async function runLoad(opts: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  manyAddresses?: boolean;
}): Promise<LoadResult> {
  const times: number[] = [];
  let finished!: (r: autocannon.Result) => void;
  let failed!: (e: unknown) => void;
  const result = new Promise<autocannon.Result>((resolve, reject) => ((finished = resolve), (failed = reject)));
  const instance = autocannon(
    {
      url: opts.url,
      connections: opts.connections,
      duration: opts.duration,
      headers: opts.headers,
      requests: opts.manyAddresses
        ? [
            {
              setupRequest: (req: autocannon.Request) => {
                const n = ++addressCounter;
                req.headers = { ...req.headers, 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
                return req;
              },
            },
          ]
        : undefined,
    },
    (err, res) => (err ? failed(err) : finished(res)),
  );
  instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  return { result: await result, times: times.sort((a, b) => a - b) };
}

/** A percentile, or Infinity when no response came back within the run. */
export const pct = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Infinity;

/**
 * Waits until the app answers /healthz quickly twice in a row (at most 60 s): when a run
 * stops, requests it sent may still be queued in the app.
 */
export async function settle(port: number, headers: Record<string, string>): Promise<void> {
  const probe = new Client(port, headers);
  const until = Date.now() + 60_000;
  for (let quick = 0; quick < 2 && Date.now() < until;) {
    const t = Date.now();
    await probe.get('/healthz');
    quick = Date.now() - t < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}
