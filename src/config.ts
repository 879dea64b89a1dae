/**
 * The only reader of process.env. Validates once, fails fast with a clear message.
 * The session secret is generated and kept in the data dir on first start, so
 * `npm start` needs no set-up.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY = UNITS.d!;
// setInterval and setTimeout overflow beyond 2^31 - 1 ms (about 24.8 days).
const TIMER_MAX = 24 * DAY;

/**
 * A duration written with its unit (`500ms`, `2s`, `10min`, `8h`, `1d`), parsed into
 * milliseconds; a bare number is refused so that nobody guesses the unit.
 */
function duration(fallback: string, min: number, max: number) {
  return z
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
  DATA_DIR: z.string().min(1).default('data'),
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
  /** Where the public verification QR codes point to, e.g. https://competences.example.fr */
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /**
   * How often the app checks that today's backup is in DATA_DIR/backups (one file a
   * day: a check finding it there does nothing).
   */
  BACKUP_INTERVAL: duration('1h', 100, TIMER_MAX),
  /** How many daily backups are kept in DATA_DIR/backups (the oldest go first). */
  BACKUPS_KEPT: z.coerce.number().int().min(1).max(366).default(14),
});

export type Config = Omit<z.infer<typeof schema>, 'SESSION_SECRET'> & {
  SESSION_SECRET: string;
  ROOT_DIR: string;
};

export const ROOT_DIR = path.resolve(import.meta.dirname, '..');

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(
      `Configuration invalide / invalid configuration:\n${lines.join('\n')}\n` +
        'Corrigez ces variables d’environnement. / Fix these environment variables.',
    );
  }
  const c = parsed.data;
  const dataDir = path.resolve(ROOT_DIR, c.DATA_DIR);
  return { ...c, DATA_DIR: dataDir, ROOT_DIR, SESSION_SECRET: c.SESSION_SECRET ?? sessionSecret(dataDir) };
}

function sessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
