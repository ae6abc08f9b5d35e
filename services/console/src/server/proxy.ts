import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import httpProxy from '@fastify/http-proxy';
import { SERVICES, type ConsoleConfig, type ServiceName } from './config.ts';
import { problem } from './problem.ts';
import { currentUser } from './session.ts';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a role may reach through the console, beyond what each service enforces itself: a reporter
 * (a school, a hospital…) files mandatory reports and reads her own receipts — nothing else.
 */
export function allowedThroughConsole(role: string, service: ServiceName, path: string): boolean {
  if (role === 'reporter') return service === 'intake' && /^\/mandatory-reports(\/|\?|$)/.test(path);
  return true;
}

/** /api/<service>/… → the service, with the session's bearer token added here (never in the browser). */
export async function proxyRoutes(app: FastifyInstance, config: ConsoleConfig) {
  for (const service of SERVICES) {
    const prefix = `/api/${service}`;
    await app.register(httpProxy, {
      upstream: config.upstreams[service],
      prefix,
      rewritePrefix: '',
      httpMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      // undici's default is 300 s: a hung service would leave the screen spinning; the error handler names it (504)
      undici: { headersTimeout: config.upstreamTimeoutMs, bodyTimeout: config.upstreamTimeoutMs },
      preHandler(req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
        const cur = currentUser(req);
        if (!cur) {
          void problem(reply, 401, 'not_signed_in', 'Your session has ended; sign in again.');
          return;
        }
        const path = req.url.slice(prefix.length) || '/';
        if (!allowedThroughConsole(cur.user.role, service, path)) {
          void problem(reply, 403, 'forbidden', 'Your role cannot use this part of the console.');
          return;
        }
        if (MUTATING.has(req.method)) app.csrfProtection(req, reply, done);
        else done();
      },
      replyOptions: {
        rewriteRequestHeaders: (req, headers) => {
          const {
            cookie: _cookie,
            'x-csrf-token': _csrf,
            authorization: _auth,
            ...rest
          } = headers as Record<string, string | string[] | undefined>;
          const cur = currentUser(req as FastifyRequest);
          return { ...rest, ...(cur ? { authorization: `Bearer ${cur.token}` } : {}) };
        },
        rewriteHeaders: (headers) => {
          const { 'set-cookie': _sc, ...rest } = headers as Record<string, string | string[] | undefined>;
          return rest;
        },
      },
    });
  }
}
