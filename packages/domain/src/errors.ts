/**
 * Typed domain errors. Pure code returns or throws these; the HTTP layer (service-kit's
 * Problem Details handler) maps them by type — `instanceof DomainError` — to stable codes:
 * validation 400, not signed in 401, not allowed 403, not found 404, conflict / illegal state 409,
 * stale version 412.
 */
export class DomainError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 412 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly errors?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class ValidationError extends DomainError {
  constructor(code: string, message: string, errors?: { path: string; message: string }[]) {
    super(400, code, message, errors);
  }
}
export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super(403, code, message);
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(404, 'not_found', `${what} was not found.`);
  }
}
export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}
export class StaleVersionError extends DomainError {
  constructor(expected: number, actual: number) {
    super(
      412,
      'stale_version',
      `The record changed since you read it (you sent version ${expected}, it is at ${actual}). Reload and try again.`,
    );
  }
}
/** Not signed in (401) or signed in but not allowed (403), from the auth policy. */
export class AuthError extends DomainError {
  constructor(statusCode: 401 | 403, code: string, message: string) {
    super(statusCode, code, message);
  }
}

/** Optimistic concurrency: the client sends the version it read; a stale one is 412. */
export function checkVersion(row: { version: number }, sent: number | undefined): void {
  if (sent !== undefined && sent !== row.version) throw new StaleVersionError(sent, row.version);
}

/** A row that must exist, or 404 naming what was looked for. */
export function found<T>(row: T | undefined | null, what: string): T {
  if (row === undefined || row === null) throw new NotFoundError(what);
  return row;
}
