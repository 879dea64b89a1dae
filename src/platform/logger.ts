import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Passwords, cookies and CSRF tokens never reach the logs. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
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
