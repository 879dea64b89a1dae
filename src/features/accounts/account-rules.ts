/** Pure rules of accounts: usernames, temporary passwords, password policy. */
import { randomInt } from 'node:crypto';

export const USERNAME_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
export const PASSWORD_MIN = 10;

/**
 * How a typed username is compared, by the login lookup and by its throttle alike:
 * spaces around, capitals and Unicode variants (e.g. full-width letters) do not count.
 */
export const normaliseUsername = (typed: string) => typed.normalize('NFKC').trim().toLowerCase();

/** "Marie-Hélène Le Guérec" -> "marie-helene.le-guerec": readable, ASCII, no spaces. */
export function proposeUsername(firstName: string, lastName: string): string {
  const part = (s: string) =>
    s
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return [part(firstName), part(lastName)]
    .filter(Boolean)
    .join('.')
    .slice(0, 32)
    .replace(/[.-]+$/, '');
}

/** Next free username: base, base2, base3... given the names already taken. */
export function firstFreeUsername(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

// No 0/O, 1/I/L: the leader reads the password aloud or writes it on paper.
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A temporary password like "kq7m-x3tp-r9wa", easy to copy from paper. */
export function temporaryPassword(random: (max: number) => number = randomInt): string {
  const group = () => Array.from({ length: 4 }, () => READABLE[random(READABLE.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}
