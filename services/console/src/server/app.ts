import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import helmet from '@fastify/helmet';
import secureSession from '@fastify/secure-session';
import csrf from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import { loggerOptions } from '@linkage/service-kit';
import type { ConsoleConfig } from './config.ts';
import { problem } from './problem.ts';
import { proxyRoutes } from './proxy.ts';
import { sessionRoutes } from './session.ts';

/** A service that cannot be reached (down, restarting, the connection cut), as the proxy reports it. */
const UPSTREAM_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export const SESSION_COOKIE = 'linkage_session';

export interface ConsoleAppOptions {
  config: ConsoleConfig;
  logger?: Logger;
}

/** The console's backend-for-frontend: session, sign-in, the proxy to the services, the built app. */
export async function buildConsoleApp({ config, logger }: ConsoleAppOptions): Promise<FastifyInstance> {
  // Typed as the server options (as service-kit does), so a pino `loggerInstance` gives the default instance type.
  const options: FastifyServerOptions = {
    ...(logger ? { loggerInstance: logger } : { logger: loggerOptions('console', config.logLevel) }),
    trustProxy: config.secureCookie ? 'loopback' : false,
    bodyLimit: 256 * 1024,
  };
  const app = Fastify(options);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Scripts: only our own files. Styles: Ant Design's CSS-in-JS and rc-util's measuring
        // <style> elements are inline, and some are written without a nonce, so inline styles stay
        // allowed (a nonce would make browsers ignore 'unsafe-inline').
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.secureCookie ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.secureCookie ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(secureSession, {
    key: config.sessionKey,
    cookieName: SESSION_COOKIE,
    expiry: config.sessionTtlSeconds,
    cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookie },
  });
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session' });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; cause?: unknown }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'console error');
    if (err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET') {
      return problem(reply, 403, 'csrf_invalid', 'The page is out of date; reload it and try again.');
    }
    if (err.code === 'FST_ERR_VALIDATION') return problem(reply, 400, 'invalid_request', err.message);
    // from the proxy (@fastify/reply-from): the service cannot be reached (or cut the connection), or answered too late
    const cause = (err.cause as { code?: string } | undefined)?.code ?? '';
    if (status === 502 || status === 503 || UPSTREAM_DOWN.has(cause) || UPSTREAM_DOWN.has(err.code ?? ''))
      return problem(reply, 503, 'upstream_unavailable', 'The service cannot be reached just now; retry shortly.');
    if (status === 504)
      return problem(
        reply,
        504,
        'upstream_timeout',
        req.method === 'GET'
          ? 'The service did not answer in time; retry shortly.'
          : 'The service did not answer in time. What you sent may or may not have been saved: refresh to see, or send the same form again (it is applied once).',
      );
    return problem(
      reply,
      status,
      status >= 500 ? 'internal_error' : 'bad_request',
      status >= 500 ? 'Something went wrong in the console.' : err.message,
    );
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  const dist = config.dist;
  const indexPath = dist ? join(dist, 'index.html') : undefined;
  const indexHtml = indexPath && existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : undefined;

  app.get('/readyz', async (_req, reply) => {
    if (!indexHtml)
      return reply
        .status(503)
        .send({ status: 'unavailable', app: 'not built (run npm run build -w @linkage/console)' });
    return { status: 'ok' };
  });

  await sessionRoutes(app, config);
  await proxyRoutes(app, config);

  if (dist && indexHtml) {
    // Hashed file names: cache for a year; index.html is never cached.
    await app.register(fastifyStatic, {
      root: join(dist, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      preCompressed: true,
      index: false,
      wildcard: true,
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (
      req.method !== 'GET' ||
      path.startsWith('/api/') ||
      path.startsWith('/auth/') ||
      path.startsWith('/assets/') ||
      !indexHtml
    ) {
      return problem(reply, 404, 'not_found', `No ${req.method} ${path} here.`);
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
  });

  return app;
}
