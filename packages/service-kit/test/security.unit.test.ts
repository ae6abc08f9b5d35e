import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { authPlugin, DEV_AUDIENCE, DEV_ISSUER, generateKeyPair, mintToken, type TokenClaims } from '@linkage/auth';
import {
  controlCharacterPaths,
  createServiceApp,
  sustainedOverload,
  installProblemDetails,
  loadConfig,
  openapiPlugin,
  problemResponses,
  securityPlugin,
  type ServiceApp,
} from '../src/index.ts';

const keys = generateKeyPair();
const token = (claims: Partial<TokenClaims> = {}) =>
  `Bearer ${mintToken({ sub: 'op-1', role: 'hotline_operator', dept: 'wf:district', ...claims }, { privateKey: keys.privateKey })}`;

function config(env: Record<string, string> = {}) {
  return loadConfig(Type.Object({}), {
    DATABASE_URL: 'postgres://u@h:1/db',
    PORT: '1',
    FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    JWT_PUBLIC_KEY: keys.publicKey,
    ...env,
  });
}

let apps: ServiceApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

/** What platform() sets up in front of a service's routes, without database or Kafka. */
async function build(env: Record<string, string> = {}, written: unknown[] = []) {
  const cfg = config(env);
  const app = createServiceApp({ service: 't', logLevel: 'silent', logger: pino({ level: 'silent' }) });
  apps.push(app);
  installProblemDetails(app);
  await app.register(securityPlugin, { config: cfg });
  await app.register(openapiPlugin, { service: 't', description: 'test', config: cfg });
  await app.register(authPlugin, {
    publicKey: keys.publicKey,
    issuers: [DEV_ISSUER],
    audiences: [DEV_AUDIENCE],
    maxLifetimeSeconds: cfg.JWT_MAX_LIFETIME_SECONDS,
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.post(
    '/cases/:id/close',
    {
      onRequest: [app.authenticate],
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 200 }) }),
        body: Type.Object(
          { reason: Type.String({ maxLength: 2000 }), tags: Type.Optional(Type.Array(Type.String())) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...problemResponses },
      },
    },
    async (req) => {
      written.push(req.body);
      return { ok: true };
    },
  );
  app.get(
    '/cases/:id',
    {
      onRequest: [app.authenticate],
      schema: {
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({ dept: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Type.Object({ id: Type.String() }) },
      },
    },
    async (req) => ({ id: req.params.id }),
  );
  await app.ready();
  return app;
}

describe('control characters (the rule)', () => {
  it('flags C0 and C1 controls and DEL, at any depth, in values and keys', () => {
    expect(
      controlCharacterPaths({ a: 'ok', b: 'x\u0000y', c: [{ d: 'e\u001b[31m' }], f: 'del\u007f', g: 'nel\u0085' }),
    ).toEqual(['/b', '/c/0/d', '/f', '/g']);
    expect(controlCharacterPaths({ 'k\u0000': 'v' })).toEqual(['/k?']);
    expect(controlCharacterPaths('\u0000')).toEqual(['']);
    expect(controlCharacterPaths({ n: 1, t: true, z: null, s: '李某某 — “引号” \u00a0 emoji 🙂' })).toEqual([]);
  });

  it('allows tab and line breaks in free text (body), never in one-line input (query, path)', () => {
    const multiLine = { note: 'line one\r\nline two\tindented' };
    expect(controlCharacterPaths(multiLine, 'text')).toEqual([]);
    expect(controlCharacterPaths(multiLine, 'line')).toEqual(['/note']);
    expect(controlCharacterPaths({ note: 'form\u000cfeed', vt: '\u000b' }, 'text')).toEqual(['/note', '/vt']);
  });
});

describe('control characters (in a request)', () => {
  it('is a 400 Problem for the body, query and path, and nothing reaches the handler', async () => {
    const written: unknown[] = [];
    const app = await build({}, written);
    const auth = { authorization: token() };
    const body = await app.inject({
      method: 'POST',
      url: '/cases/c1/close',
      headers: auth,
      payload: { reason: 'duplicate\u0000' },
    });
    expect(body.statusCode).toBe(400);
    expect(body.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(body.json()).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'body/reason', message: 'must not contain control characters' }],
    });
    const nested = await app.inject({
      method: 'POST',
      url: '/cases/c1/close',
      headers: auth,
      payload: { reason: 'ok', tags: ['a', 'b\u0007'] },
    });
    expect(nested.json().errors).toEqual([{ path: 'body/tags/1', message: 'must not contain control characters' }]);
    const query = await app.inject({ url: '/cases/c1?dept=wf%00', headers: auth });
    expect(query.statusCode).toBe(400);
    expect(query.json().errors[0].path).toBe('querystring/dept');
    const tabInQuery = await app.inject({ url: '/cases/c1?dept=wf%09x', headers: auth });
    expect(tabInQuery.statusCode).toBe(400);
    const param = await app.inject({
      method: 'POST',
      url: '/cases/c%001/close',
      headers: auth,
      payload: { reason: 'ok' },
    });
    expect(param.statusCode).toBe(400);
    expect(param.json().errors[0].path).toBe('params/id');
    expect(written).toEqual([]);

    const multiLine = await app.inject({
      method: 'POST',
      url: '/cases/c1/close',
      headers: auth,
      payload: { reason: 'first line\nsecond\tline\r\n' },
    });
    expect(multiLine.statusCode).toBe(200);
    expect(written).toEqual([{ reason: 'first line\nsecond\tline\r\n' }]);
  });

  it('authenticates first: no token and a NUL byte is a 401', async () => {
    const app = await build();
    const res = await app.inject({ method: 'POST', url: '/cases/c1/close', payload: { reason: '\u0000' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('security headers and caching', () => {
  it('sets helmet headers and no-store on every response: success, errors, unknown routes', async () => {
    const app = await build();
    const responses = [
      await app.inject({ url: '/cases/c1', headers: { authorization: token() } }),
      await app.inject({ url: '/cases/c1' }),
      await app.inject({ url: '/nowhere' }),
      await app.inject({
        method: 'POST',
        url: '/cases/c1/close',
        headers: { authorization: token() },
        payload: { reason: 1 },
      }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 401, 404, 400]);
    for (const r of responses) {
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('CORS', () => {
  it('is closed by default: no Access-Control-Allow-Origin, preflight refused', async () => {
    const app = await build();
    const res = await app.inject({
      url: '/cases/c1',
      headers: { authorization: token(), origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/cases/c1',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.statusCode).toBe(405);
  });

  it('allows exactly the configured origins', async () => {
    const app = await build({ CORS_ORIGINS: 'https://console.linkage.example' });
    const ok = await app.inject({
      url: '/cases/c1',
      headers: { authorization: token(), origin: 'https://console.linkage.example' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('https://console.linkage.example');
    const other = await app.inject({
      url: '/cases/c1',
      headers: { authorization: token(), origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limit', () => {
  it('limits per token (sub + dept) and per address, with a 429 Problem and Retry-After', async () => {
    const app = await build({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    const a = token({ sub: 'op-a' });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await app.inject({ url: '/cases/c1', headers: { authorization: a } })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ url: '/cases/c1', headers: { authorization: a } });
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['cache-control']).toBe('no-store');
    // another account, or the same account in another department, has its own allowance
    expect(
      (await app.inject({ url: '/cases/c1', headers: { authorization: token({ sub: 'op-b' }) } })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ url: '/cases/c1', headers: { authorization: token({ sub: 'op-a', dept: 'wf:xinqi' }) } }))
        .statusCode,
    ).toBe(200);
    // without a valid token the address is limited (forged tokens do not get fresh allowances)
    const anon = [];
    for (let i = 0; i < 4; i++)
      anon.push(
        (
          await app.inject({
            url: '/cases/c1',
            remoteAddress: '10.0.0.9',
            headers: { authorization: `Bearer forged.${i}.x` },
          })
        ).statusCode,
      );
    expect(anon).toEqual([401, 401, 401, 429]);
    expect((await app.inject({ url: '/cases/c1', remoteAddress: '10.0.0.10' })).statusCode).toBe(401);
    // liveness is never limited
    for (let i = 0; i < 5; i++)
      expect((await app.inject({ url: '/healthz', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
  });
});

describe('load shedding', () => {
  it('answers 503 Problem with Retry-After past a threshold; /healthz still answers', async () => {
    const app = await build({ OVERLOAD_MAX_HEAP_USED_BYTES: '1', OVERLOAD_RETRY_AFTER_SECONDS: '7' });
    const deadline = Date.now() + 10_000;
    while ((app as unknown as { memoryUsage(): { heapUsed: number } }).memoryUsage().heapUsed === 0) {
      if (Date.now() > deadline) throw new Error('under-pressure took no sample within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await app.inject({ url: '/cases/c1', headers: { authorization: token() } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, code: 'overloaded' });
    expect(res.headers['retry-after']).toBe('7');
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });

  it('sheds on event-loop delay only when it is sustained (three samples in a row), never for one long stretch', () => {
    expect(sustainedOverload([5000], 1000)).toBe(false); // start-up compiling every schema
    expect(sustainedOverload([1500, 20, 1500], 1000)).toBe(false);
    expect(sustainedOverload([20, 1500, 1200, 1100], 1000)).toBe(true);
    expect(sustainedOverload([1500, 1500, 1500], 0)).toBe(false); // turned off
  });

  it('does not shed below the thresholds (defaults)', async () => {
    const app = await build();
    await new Promise((r) => setTimeout(r, 1100)); // one sample taken
    expect((await app.inject({ url: '/cases/c1', headers: { authorization: token() } })).statusCode).toBe(200);
  });
});

describe('OpenAPI and routing', () => {
  it('documents every error status of every route as application/problem+json', async () => {
    const app = await build();
    const doc = (await app.inject('/docs/json')).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.length).toBe(2);
    for (const op of ops) {
      for (const s of ['400', '401', '403', '404', '409', '412', '413', '414', '415', '422', '429', '503']) {
        expect(Object.keys(op.responses[s]?.content ?? {}), `status ${s}`).toEqual(['application/problem+json']);
      }
      expect(Object.keys(op.responses['200']!.content!)).toEqual(['application/json']);
    }
  });

  it('rejects unknown query parameters with a 400', async () => {
    const app = await build();
    const res = await app.inject({ url: '/cases/c1?dept=wf&sort=desc', headers: { authorization: token() } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'querystring/sort' })]);
    const none = await app.inject({
      method: 'POST',
      url: '/cases/c1/close?x=1',
      headers: { authorization: token() },
      payload: { reason: 'r' },
    });
    expect(none.statusCode).toBe(400);
  });

  it('answers 405 with Allow for a method a path does not declare', async () => {
    const app = await build();
    const res = await app.inject({ method: 'DELETE', url: '/cases/c1' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 405, code: 'method_not_allowed' });
    expect((await app.inject({ method: 'PUT', url: '/cases/c1/close' })).headers.allow).toBe('POST');
    expect((await app.inject({ method: 'DELETE', url: '/nowhere' })).statusCode).toBe(404);
    // a body method no route takes is a 405 even without a content type (not a 400 from the body parser)
    const query = await app.inject({ method: 'QUERY' as 'GET', url: '/cases/c1' });
    expect(query.statusCode).toBe(405);
    expect(query.headers.allow).toBe('GET, HEAD');
  });

  it('answers an over-long path parameter with a 414 Problem, after authentication', async () => {
    const app = await build();
    const long = `/cases/${'a'.repeat(150)}`;
    const anon = await app.inject({ url: long });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
    const res = await app.inject({ url: long, headers: { authorization: token() } });
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 414, code: 'uri_too_long' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves /docs openly outside production, only with a token in production', async () => {
    expect((await (await build()).inject('/docs/json')).statusCode).toBe(200);
    const prod = await build({ NODE_ENV: 'production' });
    expect((await prod.inject('/docs/json')).statusCode).toBe(401);
    expect((await prod.inject('/docs')).statusCode).toBe(401);
    expect((await prod.inject({ url: '/docs/json', headers: { authorization: token() } })).statusCode).toBe(200);
  });
});
