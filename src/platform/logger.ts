import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * A certificate code opens a resident's name and skills to whoever has it: no log line
 * keeps one whole, wherever it appears (paths, query strings, redirects, file names).
 */
const CERTIFICATE_CODE = /\b(KRN)[-_ ]?([A-Z0-9]{2})[A-Z0-9]{2}[-_ ]?[A-Z0-9]{4}\b/gi;
export const maskCodesInLine = (line: string) =>
  line.replace(CERTIFICATE_CODE, (_m, krn: string, two: string) => `${krn}-${two}…`);

/** Passwords, cookies, CSRF tokens and certificate codes never reach the logs. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      hooks: { streamWrite: maskCodesInLine },
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'res.headers["set-cookie"]',
          'password',
          '*.password',
          '*.newPassword',
          '*.currentPassword',
          '*._csrf',
        ],
        censor: '[masqué]',
      },
    },
    destination,
  );
}
