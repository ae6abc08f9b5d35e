import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Typed domain errors. Domain code throws these; one handler maps them to Problem Details
 * (RFC 9457) with stable codes: validation 400, not allowed 403, not found 404,
 * conflict / illegal state 409, stale version 412.
 */
export class DomainError extends Error {
  constructor(
    readonly statusCode: 400 | 403 | 404 | 409 | 412 | 422,
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
    super(412, 'stale_version', `The record changed since you read it (you sent version ${expected}, it is at ${actual}). Reload and try again.`);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  errors?: { path: string; message: string }[];
}

export const PROBLEM_BASE = 'https://linkage.beilun.example/problems/';

function send(reply: FastifyReply, p: Problem) {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}

/** Map every error to Problem Details. 5xx details are logged, never shown. */
export function installProblemDetails(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { errors?: { path: string; message: string }[] }, req: FastifyRequest, reply: FastifyReply) => {
    const instance = req.url.split('?')[0] ?? req.url;
    if (err.validation) {
      return send(reply, {
        type: `${PROBLEM_BASE}validation_failed`,
        title: TITLES[400]!,
        status: 400,
        code: 'validation_failed',
        detail: `The request ${err.validationContext ?? 'input'} is not valid.`,
        instance,
        errors: err.validation.slice(0, 20).map((v) => ({
          path: `${err.validationContext ?? ''}${v.instancePath || ''}${v.keyword === 'additionalProperties' ? `/${String((v.params as { additionalProperty?: string }).additionalProperty)}` : ''}`,
          message: v.message ?? v.keyword,
        })),
      });
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return send(reply, {
        type: `${PROBLEM_BASE}internal`,
        title: TITLES[status] ?? 'Server error',
        status,
        code: 'internal',
        detail: 'Something went wrong on our side. It has been logged; please try again.',
        instance,
      });
    }
    const code = err instanceof DomainError || err.name === 'AuthError' ? err.code : fastifyCode(err.code, status);
    return send(reply, {
      type: `${PROBLEM_BASE}${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail: err.message,
      instance,
      ...(err.errors ? { errors: err.errors } : {}),
    });
  });

  app.setNotFoundHandler((req, reply) =>
    send(reply, {
      type: `${PROBLEM_BASE}route_not_found`,
      title: TITLES[404]!,
      status: 404,
      code: 'route_not_found',
      detail: `No route ${req.method} ${req.url.split('?')[0]}.`,
      instance: req.url.split('?')[0] ?? req.url,
    }),
  );
}

function fastifyCode(code: string | undefined, status: number): string {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed_json';
    default:
      return status === 400 ? 'bad_request' : `http_${status}`;
  }
}
