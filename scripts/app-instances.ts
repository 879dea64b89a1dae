/**
 * Several app instances on one database, for the soak (`--instances N`) and the
 * two-instance test: a fresh database on a PostgreSQL (created, then dropped), and apps
 * started as child processes on it, each with its own port and data directory, sharing
 * one session secret, as instances behind a reverse proxy do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Client, type Reply } from '../bench/http-client.js';
import { ensureAccount } from '../src/features/accounts/index.js';
import { findOrCreateSite } from '../src/features/sites/index.js';

/** The machine's PostgreSQL (trust authentication for `postgres` on 127.0.0.1). */
export const MACHINE_POSTGRESQL = 'postgres://postgres@127.0.0.1:5432/postgres';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export interface FreshDatabase {
  /** The new database's address, for POSTGRESQL_URL. */
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database named after `prefix` on the PostgreSQL of `serverUrl`. */
export async function createFreshDatabase(prefix: string, serverUrl = MACHINE_POSTGRESQL): Promise<FreshDatabase> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect().catch((err: unknown) => {
      const where = new URL(serverUrl).host;
      throw new Error(`PostgreSQL does not answer at ${where} (${(err as Error).message}); several instances need one here`);
    });
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: the instances' connections may still be closing.
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export interface Instance {
  name: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Resolves with the exit code when the process exits. */
  exited: Promise<number | null>;
  /** The last part of its output (stdout and stderr). */
  log(): string;
  /** SIGTERM, then waits for the exit; removes its data directory unless it was given. */
  stop(): Promise<number | null>;
}

export interface InstanceOptions {
  name: string;
  /** Node's arguments: e.g. `--import tsx src/server.ts`, or `dist/server.js`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A port and a data directory to use; by default a free port and a new directory. */
  port?: number;
  dataDir?: string;
  /** Its own process group, as a terminal gives a command (a Ctrl-C goes to the group). */
  detached?: boolean;
  /** How many times /healthz is tried, every 250 ms, before giving up. */
  tries?: number;
}

/** Starts the app with `env` as a child process, and waits until /healthz answers. */
export async function startInstance(opts: InstanceOptions): Promise<Instance> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), `kerourien-${opts.name}-`));
  const child = spawn(process.execPath, opts.args, {
    env: { ...process.env, ...opts.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-30_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const instance: Instance = {
    name: opts.name,
    port,
    dataDir,
    child,
    exited,
    log: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return instance;
    if (i > (opts.tries ?? 400) || child.exitCode !== null) {
      await instance.stop();
      throw new Error(`${opts.name} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A site with its leaders and residents, written through the app's own database
 * connection: leaders are named "Anim <username>", residents "Res <username>", as the
 * SpreadBrowser expects. Returns each resident's account id by username.
 */
export async function createSiteWithAccounts(opts: {
  site: string;
  leaders: string[];
  residents: string[];
  password: string;
}): Promise<Map<string, string>> {
  const site = await findOrCreateSite({ name: opts.site });
  for (const u of opts.leaders)
    await ensureAccount({ username: u, password: opts.password, role: 'leader', displayName: `Anim ${u}`, siteId: site.id });
  const residentIds = new Map<string, string>();
  for (const u of opts.residents) {
    const { user } = await ensureAccount({
      username: u,
      password: opts.password,
      role: 'resident',
      displayName: `Res ${u}`,
      siteId: site.id,
    });
    residentIds.set(u, user.id);
  }
  return residentIds;
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * One browser behind a reverse proxy that sends each request to the next instance: one
 * cookie jar, several ports. A logged-in page must name `name` (the account's display
 * name); one that names another account, or any account for an anonymous browser, is
 * noted in `wrongIdentity`.
 */
export class SpreadBrowser {
  private readonly clients: Client[];
  private turn: number;
  constructor(
    ports: number[],
    readonly name: string | null,
    readonly wrongIdentity: string[],
  ) {
    this.clients = ports.map((p) => new Client(p));
    this.turn = Math.floor(Math.random() * ports.length);
  }

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>): Promise<Reply> {
    const client = this.clients[this.turn++ % this.clients.length]!;
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) params.append(k, one);
      body = params.toString();
    }
    const reply = await client.request(method, url, { body });
    for (const other of this.clients) {
      if (other === client) continue;
      other.jar.clear();
      for (const [k, v] of client.jar) other.jar.set(k, v);
    }
    const who = /<p class="who">([^<]*)<\/p>/.exec(reply.text)?.[1];
    if (who !== undefined && (!this.name || !who.includes(this.name))) {
      this.wrongIdentity.push(`${method} ${url}: ${this.name ?? 'anonymous'} saw "${who}"`);
    }
    return reply;
  }

  get(url: string): Promise<Reply> {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string | string[]>): Promise<Reply> {
    return this.request('POST', url, form);
  }

  /** Opens `page` (on one instance), then posts its CSRF token and `form` to `action` (maybe on another). */
  async submit(page: string, action: string, form: Record<string, string | string[]>): Promise<Reply> {
    const opened = await this.get(page);
    if (opened.status !== 200) throw new Error(`GET ${page}: ${opened.status}`);
    return this.post(action, { _csrf: csrfOf(opened.text), ...form });
  }

  /** The login form; answers its status (303 in, 401 wrong password, 429 refused). */
  login(username: string, password: string): Promise<Reply> {
    return this.submit('/connexion', '/connexion', { username, password });
  }
}
