import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import helmetHeaders from 'helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { BaseConfig } from './config.ts';
import { DomainError, ValidationError } from '@linkage/domain';

/**
 * Control characters in text input.
 *
 * Postgres refuses U+0000 in text (the request used to fail with a 500), and the other C0/C1
 * controls have no business in a person's details, a note or a filter: they hide text from
 * reviewers, break CSV exports and terminals. So every string a caller sends — body, query
 * string and path parameters, at any depth — is checked before schema validation, and one that
 * contains a control character is a 400.
 *
 * Free text may span lines: tab (U+0009), line feed (U+000A) and carriage return (U+000D) are
 * allowed in the body. In the query string and path parameters (ids, codes, filters — one line
 * by nature) they are refused too.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/;

export type TextKind = 'text' | 'line';

/** The JSON-pointer-like paths (`/a/0/b`) of the strings in `value` that contain a refused control character. */
export function controlCharacterPaths(
  value: unknown,
  kind: TextKind = 'text',
  path = '',
  out: string[] = [],
  depth = 0,
): string[] {
  if (out.length >= 20 || depth > 64) return out;
  if (typeof value === 'string') {
    if ((kind === 'text' ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlCharacterPaths(v, kind, `${path}/${i}`, out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // a key is text too (records keyed by the caller)
      if (CONTROL_IN_LINE.test(k)) out.push(`${path}/${k.replace(CONTROL_IN_LINE, '?')}`);
      controlCharacterPaths(v, kind, `${path}/${k}`, out, depth + 1);
    }
  }
  return out;
}

/** preValidation hook: a request whose text carries a control character is a 400 and reaches no handler. */
export async function rejectControlCharacters(req: FastifyRequest): Promise<void> {
  const bad = [
    ...controlCharacterPaths(req.params, 'line').map((p) => `params${p}`),
    ...controlCharacterPaths(req.query, 'line').map((p) => `querystring${p}`),
    ...controlCharacterPaths(req.body, 'text').map((p) => `body${p}`),
  ];
  if (bad.length > 0) {
    throw new ValidationError(
      'validation_failed',
      'The request contains control characters (only tab and line breaks are allowed, and only in the body).',
      bad.map((path) => ({ path, message: 'must not contain control characters' })),
    );
  }
}

export interface SecurityOptions {
  config: BaseConfig;
}

const SAMPLE_MS = 1000;
const SUSTAINED = 3;

/** True when each of the last `samples` event-loop delay readings is above `limitMs` (0: never). */
export function sustainedOverload(readings: number[], limitMs: number, samples = SUSTAINED): boolean {
  if (limitMs <= 0 || readings.length < samples) return false;
  return readings.slice(-samples).every((d) => d > limitMs);
}

/** URLs never shed or rate-limited: liveness must answer while the service is busy. */
const EXEMPT = new Set(['/healthz']);

/**
 * Security headers, no caching of API responses, CORS closed unless configured, a rate limit per
 * caller, and load shedding. Register before the routes.
 */
export const securityPlugin = fp<SecurityOptions>(
  async (app, { config }) => {
    // Security headers on every response. The default CSP suits a JSON API; /docs sets its own.
    await app.register(helmet, { global: true });
    // The same headers for the few answers Fastify gives before any hook runs (see frameworkErrorProblem).
    const headersOnly = helmetHeaders();
    app.decorate('applySecurityHeaders', (req: FastifyRequest, reply: FastifyReply) => {
      headersOnly(req.raw, reply.raw, () => undefined);
      reply.header('cache-control', 'no-store');
    });

    // Every response may carry personal data or depend on who asks: never store it in a cache.
    app.addHook('onSend', async (_req, reply) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    });

    // CORS is closed unless origins are configured (no Access-Control-Allow-Origin otherwise).
    const origins = config.CORS_ORIGINS.split(',').filter(Boolean);
    if (origins.length > 0) {
      await app.register(cors, {
        origin: origins,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-correlation-id'],
        exposedHeaders: ['etag', 'location', 'x-correlation-id', 'retry-after'],
      });
    }

    // Load shedding: past a threshold every request but liveness gets a 503 Problem with Retry-After.
    const retryAfter = config.OVERLOAD_RETRY_AFTER_SECONDS;
    // Event-loop delay counts only when sustained: over each of the last SUSTAINED samples (1 s
    // apart). One long synchronous stretch — start-up compiling every schema on a busy machine —
    // must not turn requests away.
    const delays: number[] = [];
    const delayLimit = config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS;
    const sustainedDelay = async (f: FastifyInstance) => {
      if (delayLimit <= 0) return true;
      delays.push(f.memoryUsage().eventLoopDelay);
      if (delays.length > SUSTAINED) delays.shift();
      return !sustainedOverload(delays, delayLimit);
    };
    await app.register(underPressure, {
      sampleInterval: SAMPLE_MS,
      healthCheck: sustainedDelay,
      healthCheckInterval: SAMPLE_MS,
      maxHeapUsedBytes: config.OVERLOAD_MAX_HEAP_USED_BYTES,
      maxRssBytes: config.OVERLOAD_MAX_RSS_BYTES,
      maxEventLoopUtilization: config.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION,
      retryAfter,
      pressureHandler: (req: FastifyRequest, reply: FastifyReply) => {
        if (EXEMPT.has(req.routeOptions.url ?? '')) return undefined; // continue
        reply.header('retry-after', String(retryAfter));
        return Promise.reject(
          new DomainError(503, 'overloaded', `The service is overloaded; try again in ${retryAfter} s.`),
        );
      },
    });

    // Rate limit per caller: a verified token's subject and department, else the address. Runs
    // before the route's own authentication, so unauthenticated floods are limited too.
    if (config.RATE_LIMIT_MAX > 0) {
      await app.register(rateLimit, {
        global: false,
        max: config.RATE_LIMIT_MAX,
        timeWindow: config.RATE_LIMIT_WINDOW_MS,
        allowList: (req) => EXEMPT.has(req.routeOptions.url ?? ''),
        keyGenerator: rateLimitKey,
        errorResponseBuilder: (_req, ctx) =>
          new DomainError(
            429,
            'rate_limited',
            `Too many requests; try again in ${Math.max(1, Math.ceil(ctx.ttl / 1000))} s.`,
          ),
      });
      app.addHook('onRequest', app.rateLimit());
    }
  },
  { name: 'linkage-security', fastify: '5.x' },
);

/** `sub|dept` of a verified token, or `ip:<address>`. An unverifiable token counts against its address. */
export async function rateLimitKey(req: FastifyRequest): Promise<string> {
  const verify = (
    req.server as { verifyAuthorization?: (h: string | undefined) => Promise<{ sub: string; dept: string }> }
  ).verifyAuthorization;
  if (typeof req.headers.authorization === 'string' && verify) {
    try {
      const user = await verify(req.headers.authorization);
      return `tok:${user.sub}|${user.dept}`;
    } catch {
      // fall through: counted per address
    }
  }
  return `ip:${req.ip}`;
}

export type { FastifyInstance };
