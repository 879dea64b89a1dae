/**
 * A small HTTP client for the benches: keeps every cookie it is given (whatever the
 * app names them: session, CSRF), logs in through the real form by posting back every
 * hidden field of the form that has the password (the CSRF token, whatever its name),
 * and counts the bytes on the wire. Extra headers go with every request (the bench
 * runs the app as behind an HTTPS proxy).
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface Reply {
  status: number;
  /** Bytes of the body on the wire, plus about 300 bytes of headers. */
  bytes: number;
  text: string;
  location?: string;
}

export class Client {
  readonly jar = new Map<string, string>();
  constructor(
    readonly port: number,
    readonly headers: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  request(method: 'GET' | 'POST', url: string, opts: { body?: string; gzip?: boolean } = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: url,
          method,
          headers: {
            ...this.headers,
            ...(opts.gzip ? { 'accept-encoding': 'gzip' } : {}),
            ...(this.jar.size ? { cookie: this.cookieHeader() } : {}),
            ...(opts.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
        },
        (res) => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const pair = c.split(';')[0]!;
            const eq = pair.indexOf('=');
            const value = pair.slice(eq + 1);
            // An expired or emptied cookie is a deletion.
            if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) this.jar.delete(pair.slice(0, eq));
            else this.jar.set(pair.slice(0, eq), value);
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
            resolve({ status: res.statusCode ?? 0, bytes: raw.length + 300, text, location: res.headers.location });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      // A request that hangs must fail, not stall a bench or a soak for ever.
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url}: no answer within 30 s`)));
      req.end(opts.body);
    });
  }

  get(url: string, opts: { gzip?: boolean } = {}): Promise<Reply> {
    return this.request('GET', url, opts);
  }

  /** Logs in through the form at `/connexion`; throws unless the app redirects away from it. */
  async login(username: string, password: string): Promise<void> {
    const page = await this.get('/connexion');
    if (page.status !== 200) throw new Error(`GET /connexion: ${page.status}`);
    const form = [...page.text.matchAll(/<form\b[\s\S]*?<\/form>/gi)].map((m) => m[0]).find((f) => /type="password"/.test(f));
    if (!form) throw new Error('no login form on /connexion');
    const fields = new URLSearchParams();
    for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
      if (!/type="hidden"/i.test(input)) continue;
      const name = /name="([^"]*)"/.exec(input)?.[1];
      const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
      if (name) fields.set(name, value.replace(/&amp;/g, '&').replace(/&#34;|&quot;/g, '"'));
    }
    fields.set('username', username);
    fields.set('password', password);
    const action = /<form\b[^>]*action="([^"]*)"/i.exec(form)?.[1] || '/connexion';
    const res = await this.request('POST', action, { body: fields.toString() });
    if (res.status !== 302 && res.status !== 303) throw new Error(`login of ${username} failed: ${res.status}`);
    if (res.location?.startsWith('/connexion')) throw new Error(`login of ${username} refused (sent back to ${res.location})`);
  }
}

/** Median of `times` sequential GETs after `warmup` unmeasured ones, in ms. */
export async function medianGet(client: Client, url: string, times = 15, warmup = 3): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < warmup + times; i++) {
    const t = process.hrtime.bigint();
    const res = await client.get(url);
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    if (i >= warmup) ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor(ms.length / 2)]!;
}
