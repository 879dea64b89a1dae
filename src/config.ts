/**
 * The only reader of process.env. Validates once, fails fast with a clear message.
 * The session secret is generated and kept in the data dir on first start, so
 * `npm start` needs no set-up.
 */
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { createPrivateFileOnce, makePrivateDir, restrictFile } from './platform/private-files.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY = UNITS.d!;
// setInterval and setTimeout overflow beyond 2^31 - 1 ms (about 24.8 days).
const TIMER_MAX = 24 * DAY;

/** The settings that are durations: a bare number there is read as seconds, with a warning. */
const durationSchemas = new WeakSet<z.ZodType>();

/**
 * A duration written with its unit (`500ms`, `2s`, `10min`, `8h`, `1d`), parsed into
 * milliseconds. A bare number is read as seconds, as the old `*_SECONDS` settings were,
 * with a warning that names the written form (see `withUnits`).
 */
function duration(fallback: string, min: number, max: number) {
  const schema = z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const m = /^(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)$/.exec(value.trim());
      const ms = m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : NaN;
      if (!(ms >= min && ms <= max)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a duration such as 500ms, 30s, 10min, 8h or 1d, between ${min} ms and ${max} ms`,
        });
        return z.NEVER;
      }
      return ms;
    });
  durationSchemas.add(schema);
  return schema;
}

/** A positive whole number (a count or a number of seconds). */
const positive = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IPv4 or IPv6 address, or a CIDR range (`192.168.1.0/24`, `2001:db8::/48`). */
function isAddressOrRange(item: string): boolean {
  const [address = '', bits, ...rest] = item.split('/');
  const version = isIP(address);
  const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
  return version !== 0 && validBits && rest.length === 0;
}

function trustProxy(value: string | undefined, ctx: z.RefinementCtx): false | string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (value.trim() === 'false') return false;
  const items = value.split(',').map((s) => s.trim());
  for (const item of items) {
    if (PROXY_NAMES.has(item) || isAddressOrRange(item)) continue;
    ctx.addIssue({
      code: 'custom',
      message: `"${item}" is not an address, a CIDR range or loopback/linklocal/uniquelocal (e.g. TRUST_PROXY=127.0.0.1)`,
    });
    return z.NEVER;
  }
  return items;
}

/** A comma-separated list of addresses and CIDR ranges (empty: none). */
function addressList(value: string, ctx: z.RefinementCtx): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const wrong = items.find((item) => !isAddressOrRange(item));
  if (wrong === undefined) return items;
  ctx.addIssue({
    code: 'custom',
    message: `"${wrong}" is not an address or a CIDR range (e.g. 192.168.10.0/24, 2001:db8:5::/48)`,
  });
  return z.NEVER;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * The Ed25519 private key of the first signed credentials (the envelope form), as a
   * PKCS#8 PEM or a private JWK (JSON). Unset: DATA_DIR/credential-signing-key.pem when
   * that file exists. No longer made: the app's signing keys are in DATA_DIR/credential-keys
   * (src/features/certificates/credential-keys.ts).
   */
  CREDENTIAL_SIGNING_KEY: z
    .string()
    .optional()
    .transform((v, ctx) => (v === undefined || v.trim() === '' ? undefined : signingKeyFrom(v, ctx))),
  DATA_DIR: z.string().min(1).default('data'),
  /** The learning material (modules, exercises, socle.yaml), relative to the project folder. */
  CONTENT_DIR: z.string().min(1).default('content'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * An existing PostgreSQL for the embedded FerretDB, e.g. postgres://user:pw@host:5432/db.
   * Unset: the app runs its own PostgreSQL under DATA_DIR/pg.
   */
  POSTGRESQL_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Set when the app runs behind an HTTPS reverse proxy: secure cookies, proxy trust. */
  BEHIND_HTTPS_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** The first wait before the app starts its stopped embedded engine again (it doubles, up to 30 s). */
  ENGINE_RESTART_DELAY: duration('1s', 100, 60_000),
  /**
   * The most PostgreSQL connections the embedded FerretDB opens (its default is 50). Below
   * the server's max_connections (100), so that the engine's index keeper, a backup or
   * another instance on the same PostgreSQL always find one free.
   */
  ENGINE_PG_POOL_MAX: z.coerce.number().int().min(2).max(500).default(30),
  /** How long /healthz waits for the database's answer before it says 503 (health.ts). */
  HEALTH_TIMEOUT: duration('1500ms', 100, 10_000),
  /** An embedded engine that answers no health check for this long is restarted (health.ts). */
  ENGINE_STUCK_AFTER: duration('30s', 500, 600_000),
  /** How long a request waits for an unreachable database before the 503 page. */
  DB_TIMEOUT: duration('2s', 200, 60_000),
  /**
   * How long a request waits for a document that another request (of this instance or
   * another) is changing, before a 503 page that says to try again.
   */
  DOCUMENT_LOCK_WAIT: duration('15s', 100, 5 * 60_000),
  /** The address printed on certificates (link and QR code), e.g. https://competences.example.fr: required in production. */
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')
    .optional(),
  // Intervals and windows, in milliseconds once parsed (see duration()). Tests make them short.
  /**
   * The longest a login lasts, however active (8 hours: a working day). Leaders' and
   * coordinators' cookies last as long, unless "Ordinateur partagé" was ticked; residents'
   * cookies end when the browser closes.
   */
  SESSION_LIFETIME: duration('8h', 1000, 30 * DAY),
  /** How long the one-time code of a login card works (14 days: until the next workshops). */
  LOGIN_CODE_VALIDITY: duration('14d', 1000, 90 * DAY),
  /**
   * How long a workshop's short code (a leader opens a resident's session on a space
   * computer) works once shown, never past the session's end: long enough to walk to the
   * computer and type it, short enough that guessing it is hopeless (session-codes).
   */
  SESSION_CODE_VALIDITY: duration('15min', 1000, DAY),
  /** How long before a workshop session's start its short codes may be given. */
  SESSION_CODE_EARLY: duration('30min', 0, DAY),
  /** Activity written at most this often, at least twenty times per idle time (a session may end that much early). */
  SESSION_TOUCH_AFTER: duration('10min', 0, 30 * DAY),
  /** A session and its account kept in memory this long (session-cache.ts; another instance's logout shows after it). */
  SESSION_CACHE: duration('1s', 0, 10_000),
  AUDIT_VIEW_WINDOW: duration('60s', 0, DAY), // a reader's views of a record audited once per window (audit-window.ts)
  /** A resident's session ends after this long without a request (a shared computer forgets). */
  RESIDENT_IDLE_TIMEOUT: duration('20min', 1000, DAY),
  /** A leader's or a coordinator's session ends after this long without a request. */
  STAFF_IDLE_TIMEOUT: duration('60min', 1000, DAY),
  /** "Ordinateur partagé" ticked at login: the session ends after this long without a request, whoever logs in. */
  SHARED_COMPUTER_IDLE_TIMEOUT: duration('5min', 1000, DAY),
  /** How long before an idle session ends the page warns, with a button that keeps it. */
  IDLE_WARNING_BEFORE: duration('1min', 200, DAY),
  /** How often the maintenance job purges expired sessions and rate-limit counters. */
  MAINTENANCE_INTERVAL: duration('10min', 100, TIMER_MAX),
  /** How often the personal-data retention rule looks for residents to anonymise. */
  RETENTION_INTERVAL: duration('24h', 100, TIMER_MAX),
  /**
   * Which peers may tell the client's address in X-Forwarded-For: `false`, or a comma-separated
   * list of addresses, CIDR ranges and `loopback`/`linklocal`/`uniquelocal` (Express's
   * `trust proxy`). Unset: `loopback` behind an HTTPS proxy, else `false`.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => trustProxy(v, ctx)),
  // Login throttling: a failure counts before the password is checked. From the Nth failure
  // of one username, each failure blocks it a while: BLOCK seconds, doubling up to BLOCK_MAX.
  // Failures are forgotten after FORGET seconds without one, and on a success.
  LOGIN_FAILURES_BEFORE_BLOCK: positive(5),
  LOGIN_BLOCK: duration('30s', 1000, DAY),
  LOGIN_BLOCK_MAX: duration('5min', 1000, DAY),
  LOGIN_FORGET: duration('15min', 1000, 30 * DAY),
  /**
   * The multimedia spaces' own networks: addresses and CIDR ranges, comma-separated. Wrong
   * passwords typed elsewhere never slow down a login from there (an account cannot be
   * kept locked from outside). Empty: none.
   */
  SPACE_NETWORKS: z
    .string()
    .default('')
    .transform((v, ctx) => addressList(v, ctx)),
  /** Failures from one address (an IPv6 /64) per window: a whole room shares one router. */
  LOGIN_ADDRESS_FAILURES: positive(150),
  LOGIN_ADDRESS_WINDOW: duration('15min', 1000, DAY),
  /** Public certificate checks per address per window. */
  VERIFY_LIMIT: positive(60),
  VERIFY_WINDOW: duration('15min', 1000, DAY),
  /**
   * How often the app checks that today's backup is in DATA_DIR/backups (one file a
   * day: a check finding it there does nothing).
   */
  BACKUP_INTERVAL: duration('1h', 100, TIMER_MAX),
  /** How many daily backups are kept in DATA_DIR/backups (the oldest go first). */
  BACKUPS_KEPT: z.coerce.number().int().min(1).max(366).default(14),
});

/** An address that only this machine can reach: useless on a certificate. */
function isLocal(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host.startsWith('127.') || host === '0.0.0.0';
}

/** Rules between several values, checked after each value is valid on its own. */
const checkedSchema = schema.superRefine((c, ctx) => {
  if (c.SESSION_TOUCH_AFTER >= c.SESSION_LIFETIME) {
    ctx.addIssue({ code: 'custom', path: ['SESSION_TOUCH_AFTER'], message: 'must be shorter than SESSION_LIFETIME' });
  }
  if (c.NODE_ENV === 'production' && (!c.PUBLIC_URL || isLocal(c.PUBLIC_URL))) {
    ctx.addIssue({
      code: 'custom',
      path: ['PUBLIC_URL'],
      message:
        'en production, donnez l’adresse publique du site (par ex. https://numerique.example.fr) : elle est imprimée sur les attestations. / ' +
        'in production, give the public address of the site (e.g. https://numerique.example.fr): it is printed on the certificates.',
    });
  }
  if (c.NODE_ENV === 'production' && c.PUBLIC_URL?.startsWith('https://') && !c.BEHIND_HTTPS_PROXY) {
    ctx.addIssue({
      code: 'custom',
      path: ['BEHIND_HTTPS_PROXY'],
      message:
        'l’adresse publique est en https : mettez BEHIND_HTTPS_PROXY=true (l’application tourne derrière le serveur HTTPS), ' +
        'sinon ni HSTS ni cookies sécurisés. / ' +
        'the public address is https: set BEHIND_HTTPS_PROXY=true (the app runs behind the HTTPS server), ' +
        'or there is neither HSTS nor secure cookies.',
    });
  }
  const shortestIdle = Math.min(c.RESIDENT_IDLE_TIMEOUT, c.STAFF_IDLE_TIMEOUT, c.SHARED_COMPUTER_IDLE_TIMEOUT);
  if (c.IDLE_WARNING_BEFORE >= shortestIdle) {
    ctx.addIssue({
      code: 'custom',
      path: ['IDLE_WARNING_BEFORE'],
      message: 'must be shorter than RESIDENT_IDLE_TIMEOUT, STAFF_IDLE_TIMEOUT and SHARED_COMPUTER_IDLE_TIMEOUT',
    });
  }
  if (c.LOGIN_BLOCK_MAX < c.LOGIN_BLOCK) {
    ctx.addIssue({ code: 'custom', path: ['LOGIN_BLOCK_MAX'], message: 'must be at least LOGIN_BLOCK' });
  }
});

export type Config = Omit<z.infer<typeof schema>, 'SESSION_SECRET' | 'TRUST_PROXY' | 'PUBLIC_URL' | 'CREDENTIAL_SIGNING_KEY'> & {
  PUBLIC_URL: string;
  SESSION_SECRET: string;
  /** The envelope form's Ed25519 private key (from the environment, or kept in DATA_DIR), if any. */
  CREDENTIAL_SIGNING_KEY?: KeyObject;
  TRUST_PROXY: false | string[];
  ROOT_DIR: string;
  /** Settings read in an old form: the server logs each at start, naming the new form. */
  warnings: string[];
};

/** The settings renamed when every interval took a unit: old name, new name, old unit. */
const RENAMED: ReadonlyArray<readonly [string, string, 's' | 'ms']> = [
  ['DB_TIMEOUT_MS', 'DB_TIMEOUT', 'ms'],
  ['LOGIN_BLOCK_SECONDS', 'LOGIN_BLOCK', 's'],
  ['LOGIN_BLOCK_MAX_SECONDS', 'LOGIN_BLOCK_MAX', 's'],
  ['LOGIN_FORGET_SECONDS', 'LOGIN_FORGET', 's'],
  ['LOGIN_ADDRESS_WINDOW_SECONDS', 'LOGIN_ADDRESS_WINDOW', 's'],
  ['VERIFY_WINDOW_SECONDS', 'VERIFY_WINDOW', 's'],
];

/**
 * Old forms still work: `LOGIN_BLOCK_SECONDS=30` is read as `LOGIN_BLOCK=30s`, and a
 * duration written as a bare number as that many seconds. Each gives a warning with the
 * line to write instead, so an upgrade never stops a server that started before.
 */
function withUnits(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; warnings: string[] } {
  const out: NodeJS.ProcessEnv = { ...env };
  const warnings: string[] = [];
  for (const [old, name, unit] of RENAMED) {
    const value = env[old]?.trim();
    if (value === undefined || value === '') continue;
    delete out[old];
    if (env[name] !== undefined && env[name]!.trim() !== '') {
      warnings.push(`${old} is ignored: ${name} is set. Remove ${old}.`);
      continue;
    }
    out[name] = /^\d+(\.\d+)?$/.test(value) ? `${value}${unit}` : value;
    warnings.push(`${old}=${value} is read as ${name}=${out[name]}. Write ${name}=${out[name]} instead.`);
  }
  for (const [name, field] of Object.entries(schema.shape)) {
    const value = out[name]?.trim();
    if (durationSchemas.has(field) && value !== undefined && /^\d+(\.\d+)?$/.test(value)) {
      out[name] = `${value}s`;
      warnings.push(`${name}=${value} has no unit: read as ${name}=${value}s. Write ${name}=${value}s (or ms, min, h, d).`);
    }
  }
  return { env: out, warnings };
}

export const ROOT_DIR = path.resolve(import.meta.dirname, '..');

export class ConfigError extends Error {}

export function loadConfig(processEnv: NodeJS.ProcessEnv = process.env): Config {
  const { env, warnings } = withUnits(processEnv);
  const parsed = checkedSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(
      `Configuration invalide / invalid configuration:\n${lines.join('\n')}\n` +
        'Corrigez ces variables d’environnement. / Fix these environment variables.',
    );
  }
  const c = parsed.data;
  const dataDir = path.resolve(ROOT_DIR, c.DATA_DIR);
  return {
    ...c,
    DATA_DIR: dataDir,
    CONTENT_DIR: path.resolve(ROOT_DIR, c.CONTENT_DIR),
    ROOT_DIR,
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    SESSION_SECRET: c.SESSION_SECRET ?? sessionSecret(dataDir),
    CREDENTIAL_SIGNING_KEY: c.CREDENTIAL_SIGNING_KEY ?? credentialSigningKey(dataDir),
    TRUST_PROXY: c.TRUST_PROXY ?? (c.BEHIND_HTTPS_PROXY ? ['loopback'] : false),
    warnings,
  };
}

/**
 * The secret made at first start. Two first starts at once agree: each writes its own
 * candidate (owner-only from the first byte), and a hard link, which never replaces a
 * file, makes one of them the secret; the other reads it.
 */
function sessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  makePrivateDir(dataDir);
  restrictFile(file);
  const existing = readSecret(file);
  if (existing) return existing;
  // Another first start may make it at the same instant: its secret is then the one.
  createPrivateFileOnce(file, randomBytes(32).toString('hex') + '\n');
  const secret = readSecret(file);
  if (!secret)
    throw new ConfigError(`${file}: le secret de session est illisible ou trop court. / unreadable or too short session secret.`);
  return secret;
}

function readSecret(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const secret = readFileSync(file, 'utf8').trim();
  return secret.length >= 32 ? secret : undefined;
}

const KEY_HELP =
  'doit être une clé privée Ed25519, en PEM PKCS#8 ou en JWK (JSON) / must be an Ed25519 private key, as a PKCS#8 PEM or a JWK (JSON)';

/** An Ed25519 private key from a PEM or a JWK; anything else is a clear configuration error. */
function signingKeyFrom(value: string, ctx: z.RefinementCtx): KeyObject {
  try {
    const text = value.trim();
    const key = text.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(text) as import('node:crypto').JsonWebKey, format: 'jwk' })
      : createPrivateKey(text.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // Reported below, without the value: it is a secret.
  }
  ctx.addIssue({ code: 'custom', message: KEY_HELP });
  return z.NEVER;
}

/**
 * The envelope form's key, kept in the data dir by the versions that made it at first
 * start: it still signs the envelope inside the PDFs of the certificates issued then.
 */
function credentialSigningKey(dataDir: string): KeyObject | undefined {
  const file = path.join(dataDir, 'credential-signing-key.pem');
  if (!existsSync(file)) return undefined;
  const key = createPrivateKey(readFileSync(file, 'utf8'));
  if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`${file}: ${KEY_HELP}`);
  return key;
}
