/**
 * Certificate codes, e.g. `KRN-7QX4-M9TB`: short, read aloud over the phone, typed
 * from paper. Pure functions; the random source is a parameter so tests can fix it.
 *
 * The alphabet has no 0/O and no 1/I/L: a reader never has to guess. 31 symbols (a
 * prime), 7 random ones (31^7 ≈ 2.7e10 codes) then one check symbol: the weighted
 * sum of all 8 values is 0 modulo 31, so one wrong symbol or two swapped neighbours
 * are caught before any database query.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_PREFIX = 'KRN';
const BASE = CODE_ALPHABET.length; // 31
const RANDOM_LENGTH = 7;
const BODY_LENGTH = RANDOM_LENGTH + 1;
/** Inverse of 8 (the check symbol's weight) modulo 31: 8 × 4 = 32 ≡ 1. */
const INVERSE_OF_LAST_WEIGHT = 4;

export type RandomBytes = (size: number) => Uint8Array;

const valueOf = (ch: string) => CODE_ALPHABET.indexOf(ch);

function weightedSum(values: readonly number[]): number {
  return values.reduce((sum, v, i) => (sum + (i + 1) * v) % BASE, 0);
}

/** The check symbol that makes the weighted sum of the 8 symbols 0 modulo 31. */
export function checkSymbol(randomPart: string): string {
  const values = [...randomPart].map(valueOf);
  if (values.length !== RANDOM_LENGTH || values.some((v) => v < 0)) throw new Error('bad code body');
  const s = weightedSum(values);
  return CODE_ALPHABET[(((BASE - s) % BASE) * INVERSE_OF_LAST_WEIGHT) % BASE]!;
}

const format = (body: string) => `${CODE_PREFIX}-${body.slice(0, 4)}-${body.slice(4)}`;

/** A new code. Bytes of 248 and above are dropped, so every symbol is equally likely. */
export function generateCode(random: RandomBytes): string {
  let body = '';
  while (body.length < RANDOM_LENGTH) {
    for (const byte of random(RANDOM_LENGTH * 2)) {
      if (byte >= BASE * 8) continue;
      body += CODE_ALPHABET[byte % BASE];
      if (body.length === RANDOM_LENGTH) break;
    }
  }
  return format(body + checkSymbol(body));
}

/**
 * What a person typed, back to the canonical form, or null when it cannot be a code:
 * case, spaces, dashes and dots do not matter; the prefix is optional; the check
 * symbol must match.
 */
export function normalizeCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  let body = input.toUpperCase().replace(/[\s\-_.]/g, '');
  if (body.length === CODE_PREFIX.length + BODY_LENGTH && body.startsWith(CODE_PREFIX)) body = body.slice(CODE_PREFIX.length);
  if (body.length !== BODY_LENGTH) return null;
  const values = [...body].map(valueOf);
  if (values.some((v) => v < 0) || weightedSum(values) !== 0) return null;
  return format(body);
}

/** For logs: enough to follow a case, never the whole code. */
export function maskCode(input: string): string {
  let body = String(input)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  if (body.startsWith(CODE_PREFIX)) body = body.slice(CODE_PREFIX.length);
  return `${CODE_PREFIX}-${body.slice(0, 2)}…`;
}
