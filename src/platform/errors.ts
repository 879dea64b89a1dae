/**
 * Typed errors that the one error handler turns into pages.
 * `key` is an i18next key so the page speaks the user's language.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = new.target.name;
  }
}

export class BadInput extends AppError {
  constructor(key = 'errors.badInput', params: Record<string, string | number> = {}) {
    super(400, key, params);
  }
}

export class Forbidden extends AppError {
  constructor(key = 'errors.forbidden') {
    super(403, key);
  }
}

export class NotFound extends AppError {
  constructor(key = 'errors.notFound') {
    super(404, key);
  }
}

export class TooManyRequests extends AppError {
  constructor(key = 'errors.tooManyRequests') {
    super(429, key);
  }
}

export class ServiceUnavailable extends AppError {
  constructor(key = 'errors.unavailable') {
    super(503, key);
  }
}
