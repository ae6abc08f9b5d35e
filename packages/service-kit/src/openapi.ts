import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { BaseConfig } from './config.ts';
import { ProblemSchema } from './schemas.ts';

/** Every error status a route can answer with, each a Problem Details body. */
export const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 412, 413, 414, 415, 422, 429, 503] as const;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: the input is not valid (Problem Details)',
  401: 'No valid bearer token (Problem Details)',
  403: 'Not allowed for this role, department or street (Problem Details)',
  404: 'Not found (Problem Details)',
  409: 'Illegal state or no capacity (Problem Details)',
  412: 'Stale version (Problem Details)',
  413: 'Payload too large (Problem Details)',
  414: 'A path parameter is too long (Problem Details)',
  415: 'Unsupported media type (Problem Details)',
  422: 'Unprocessable content (Problem Details)',
  429: 'Too many requests; see Retry-After (Problem Details)',
  503: 'Overloaded; see Retry-After (Problem Details)',
};

/** A response entry documented as `application/problem+json`. */
export const problemResponse = (status: number) => ({
  description: DESCRIPTIONS[status] ?? 'Problem Details',
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

type Schema = Record<string, unknown>;

/**
 * What every documented route gets (run as an onRoute hook before swagger sees the route):
 * - every error status documented as `application/problem+json` (a route's own Problem entries
 *   are replaced by the same, with that content type);
 * - the query string closed: an unknown query parameter is a 400, like an unknown body field.
 */
export function documentRoute(route: RouteOptions): void {
  const schema = route.schema as Schema | undefined;
  if (!schema || schema.hide) return;
  const response: Record<string, unknown> = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
  for (const status of PROBLEM_STATUSES) {
    const own = response[status];
    if (own === undefined || own === ProblemSchema) response[status] = problemResponse(status);
  }
  schema.response = response;
  schema.querystring = closeQuery(schema.querystring as Schema | undefined);
}

function closeQuery(q: Schema | undefined): Schema {
  if (!q) return { type: 'object', properties: {}, additionalProperties: false };
  if (q.type === 'object' && q.additionalProperties === undefined) return { ...q, additionalProperties: false };
  return q;
}

export interface OpenApiOptions {
  service: string;
  description: string;
  config: BaseConfig;
}

/**
 * The OpenAPI document (`/docs/json`) and its browsable page (`/docs`). In production both need
 * a valid bearer token; elsewhere they are open.
 */
export const openapiPlugin = fp<OpenApiOptions>(
  async (app, o) => {
    app.addHook('onRoute', documentRoute);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: `Linkage ${o.service}`, description: o.description, version: '0.1.0' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
        security: [{ bearer: [] }],
      },
    });
    const production = o.config.NODE_ENV === 'production';
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      ...(production
        ? {
            uiHooks: {
              onRequest: (req: FastifyRequest, reply: FastifyReply) => app.authenticate(req, reply),
            },
          }
        : {}),
    });
  },
  { name: 'linkage-openapi', fastify: '5.x' },
);
