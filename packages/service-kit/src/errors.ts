import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay from 'find-my-way';

import { DomainError } from '@linkage/domain';
import { isTransientDbError } from '@linkage/messaging';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
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

export function sendProblem(reply: FastifyReply, p: Problem) {
  return reply.status(p.status).type('application/problem+json; charset=utf-8').send(p);
}

/** Map every error to Problem Details. 5xx details are logged, never shown. */
export function installProblemDetails(app: FastifyInstance): void {
  app.setErrorHandler(
    (
      err: FastifyError & { errors?: { path: string; message: string }[] },
      req: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const instance = req.url.split('?')[0] ?? req.url;
      // A request no route takes (e.g. a body method with an unparseable body) is a 404/405, not a 400.
      if (req.is404) return routeNotFound(req, reply);
      if (err.validation) {
        return sendProblem(reply, {
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
      const status =
        typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
      // The database is unreachable or restarting (or the transaction lost a race): nothing was
      // committed, so the client may send the same request again (with its Idempotency-Key).
      if (status >= 500 && isTransientDbError(err)) {
        req.log.warn({ err }, 'database unavailable; request refused with 503');
        void reply.header('retry-after', '2');
        return sendProblem(reply, {
          type: `${PROBLEM_BASE}database_unavailable`,
          title: TITLES[503]!,
          status: 503,
          code: 'database_unavailable',
          detail: 'The database is briefly unavailable. Nothing was saved; please send the same request again.',
          instance,
        });
      }
      if (status >= 500 && !(err instanceof DomainError)) {
        req.log.error({ err }, 'request failed');
        return sendProblem(reply, {
          type: `${PROBLEM_BASE}internal`,
          title: TITLES[status] ?? 'Server error',
          status,
          code: 'internal',
          detail: 'Something went wrong on our side. It has been logged; please try again.',
          instance,
        });
      }
      const code = err instanceof DomainError ? err.code : fastifyCode(err.code, status);
      return sendProblem(reply, {
        type: `${PROBLEM_BASE}${code}`,
        title: TITLES[status] ?? 'Error',
        status,
        code,
        detail: err.message,
        instance,
        ...(err.errors ? { errors: err.errors } : {}),
      });
    },
  );

  // Which methods each path has, to answer 405 + Allow for a method a path does not declare.
  const router = FindMyWay({ ignoreTrailingSlash: false, maxParamLength: Number.MAX_SAFE_INTEGER });
  const noop = () => undefined;
  app.addHook('onRoute', (route) => {
    for (const m of Array.isArray(route.method) ? route.method : [route.method]) {
      if (isMethod(m) && !router.hasRoute(m, route.url)) router.on(m, route.url, noop);
    }
  });

  app.setNotFoundHandler((req, reply) => routeNotFound(req, reply));

  function routeNotFound(req: FastifyRequest, reply: FastifyReply) {
    const instance = req.url.split('?')[0] ?? req.url;
    const allowed: string[] = METHODS.filter((m) => router.find(m, instance) !== null);
    if (allowed.length > 0) {
      if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, {
        type: `${PROBLEM_BASE}method_not_allowed`,
        title: TITLES[405]!,
        status: 405,
        code: 'method_not_allowed',
        detail: `${req.method} is not allowed on ${instance}; allowed: ${allowed.join(', ')}.`,
        instance,
      });
    }
    return sendProblem(reply, {
      type: `${PROBLEM_BASE}route_not_found`,
      title: TITLES[404]!,
      status: 404,
      code: 'route_not_found',
      detail: `No route ${req.method} ${instance}.`,
      instance,
    });
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const satisfies FindMyWay.HTTPMethod[];
const isMethod = (m: string): m is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(m);

/**
 * Fastify's `frameworkErrors` (errors found while routing, before any hook runs): a path
 * parameter longer than maxParamLength (414) or a URL that cannot be decoded (400). The caller
 * is authenticated first, like on every route, so an unauthenticated caller learns nothing but 401.
 */
export async function frameworkErrorProblem(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const instance = req.url.split('?')[0] ?? req.url;
  (req.server as { applySecurityHeaders?: (q: FastifyRequest, p: FastifyReply) => void }).applySecurityHeaders?.(
    req,
    reply,
  );
  // The request here is not routed (no request decorators): verify the header through the instance.
  const verify = (req.server as { verifyAuthorization?: (h: string | undefined) => Promise<unknown> })
    .verifyAuthorization;
  if (verify) {
    try {
      await verify(req.headers.authorization);
    } catch (e) {
      const a = e as { statusCode?: number; code?: string; message?: string };
      return sendProblem(reply, {
        type: `${PROBLEM_BASE}${a.code ?? 'token_invalid'}`,
        title: TITLES[401]!,
        status: 401,
        code: a.code ?? 'token_invalid',
        detail: a.message ?? 'A valid bearer token is required.',
        instance,
      });
    }
  }
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const code = tooLong ? 'uri_too_long' : 'bad_url';
  return sendProblem(reply, {
    type: `${PROBLEM_BASE}${code}`,
    title: TITLES[status]!,
    status,
    code,
    detail: tooLong ? 'A path parameter is longer than allowed.' : 'The URL cannot be decoded.',
    instance,
  });
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
