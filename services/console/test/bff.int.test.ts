import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { generateKeyPair } from '@linkage/auth';
import { buildConsoleApp, SESSION_COOKIE } from '../src/server/app.ts';
import { consoleConfig, ConsoleConfigError } from '../src/server/config.ts';
import { jwtPayload } from '../src/server/session.ts';

/**
 * The backend-for-frontend in process (app.inject), in front of a recording upstream that stands in
 * for the five services: what reaches a service, and what never reaches the browser.
 */
describe('console BFF: session, CSRF, proxy, sign-in rules', () => {
  const keys = generateKeyPair();
  const seen: { url: string; method: string; headers: Record<string, unknown>; body: unknown }[] = [];
  let upstream: FastifyInstance;
  let app: FastifyInstance;

  beforeAll(async () => {
    upstream = Fastify();
    // a service that hangs: answers only long after the console's bound (UPSTREAM_TIMEOUT_MS below)
    upstream.all('/hang', async (req, reply) => {
      seen.push({ url: req.url, method: req.method, headers: req.headers, body: req.body });
      await new Promise((r) => setTimeout(r, 4000));
      return reply.send({ late: true });
    });
    upstream.all('/*', async (req, reply) => {
      seen.push({ url: req.url, method: req.method, headers: req.headers, body: req.body });
      return reply.header('set-cookie', 'upstream=1').send({ ok: true, url: req.url });
    });
    const base = await upstream.listen({ port: 0, host: '127.0.0.1' });
    const env = {
      NODE_ENV: 'test',
      JWT_PRIVATE_KEY: keys.privateKey,
      INTAKE_URL: base,
      DV_REFERRAL_URL: base,
      LEGAL_AID_URL: base,
      ELDER_CARE_URL: base,
      CASE_TIMELINE_URL: base,
      UPSTREAM_TIMEOUT_MS: '1000',
    };
    app = await buildConsoleApp({ config: consoleConfig(env), logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    await upstream?.close();
  });

  /** A browser: keeps the session cookie between calls. */
  async function browser() {
    let cookie = '';
    const call = async (
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      o: { body?: unknown; csrf?: string; headers?: Record<string, string> } = {},
    ) => {
      const res = await app.inject({
        method,
        url,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(o.csrf ? { 'x-csrf-token': o.csrf } : {}),
          ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...o.headers,
        },
        ...(o.body !== undefined ? { payload: JSON.stringify(o.body) } : {}),
      });
      const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
      if (set) cookie = `${SESSION_COOKIE}=${encodeURIComponent(set.value)}`;
      return res;
    };
    const session = async () =>
      (await call('GET', '/auth/session')).json() as { user: { role: string; dept: string } | null; csrfToken: string };
    const login = async (role: string, dept: string) => {
      const { csrfToken } = await session();
      const res = await call('POST', '/auth/dev-login', { body: { role, dept }, csrf: csrfToken });
      expect(res.statusCode).toBe(200);
      return (await session()).csrfToken;
    };
    return { call, session, login, cookie: () => cookie };
  }

  it('sets an httpOnly, SameSite=Strict session cookie and never returns the token', async () => {
    const b = browser();
    const { csrfToken } = await (await b).session();
    const res = await (
      await b
    ).call('POST', '/auth/dev-login', { body: { role: 'police_officer', dept: 'police:xinqi' }, csrf: csrfToken });
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === SESSION_COOKIE)!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(c.secure).toBeFalsy(); // plain http on localhost; PUBLIC_URL=https://… makes it Secure (below)
    expect(res.body).not.toMatch(/eyJ[\w-]+\.eyJ/);
    const s = await (await b).call('GET', '/auth/session');
    expect(s.json()).toMatchObject({ user: { role: 'police_officer', dept: 'police:xinqi' } });
    expect(s.body).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('adds the bearer token server-side and strips the cookie and CSRF header from what the service gets', async () => {
    const b = await browser();
    const csrf = await b.login('police_officer', 'police:xinqi');
    seen.length = 0;
    const res = await b.call('POST', '/api/dv-referral/referrals/abc/accept?x=1', {
      body: { version: 1 },
      csrf,
      headers: { 'idempotency-key': '0b1c6a8e-7a4e-4b8a-9a55-1f1f0f0f0f0f' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie'] ?? '').not.toContain('upstream=1');
    const got = seen[0]!;
    expect(got).toMatchObject({ url: '/referrals/abc/accept?x=1', method: 'POST', body: { version: 1 } });
    expect(got.headers.cookie).toBeUndefined();
    expect(got.headers['x-csrf-token']).toBeUndefined();
    expect(got.headers['idempotency-key']).toBe('0b1c6a8e-7a4e-4b8a-9a55-1f1f0f0f0f0f');
    const auth = String(got.headers.authorization);
    expect(auth).toMatch(/^Bearer eyJ/);
    expect(jwtPayload(auth.slice(7))).toMatchObject({
      role: 'police_officer',
      dept: 'police:xinqi',
      iss: 'linkage-dev',
      aud: 'linkage',
    });
  });

  it('a service that does not answer in time gets the user a 504 Problem Details, not an endless wait', async () => {
    const b = await browser();
    const csrf = await b.login('police_officer', 'police:xinqi');
    const t0 = Date.now();
    const res = await b.call('POST', '/api/dv-referral/hang', {
      body: { version: 1 },
      csrf,
      headers: { 'idempotency-key': '5d0c1b2a-3e4f-4a5b-8c6d-7e8f9a0b1c2d' },
    });
    expect(res.statusCode).toBe(504);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(Date.now() - t0).toBeLessThan(3900); // the bound (1 s), not the service's 4 s
    expect(res.json<{ detail: string }>().detail).toContain('may or may not have been saved');
    // a read changed nothing: its answer says only to retry
    const read = await b.call('GET', '/api/dv-referral/hang');
    expect(read.statusCode).toBe(504);
    expect(read.json<{ detail: string }>().detail).toBe('The service did not answer in time; retry shortly.');
  });

  it('a service that cannot be reached is named as such (503), not as a console failure', async () => {
    // a port nothing listens on: taken, then released
    const probe = Fastify();
    const down = await probe.listen({ port: 0, host: '127.0.0.1' });
    await probe.close();
    const other = await buildConsoleApp({
      config: consoleConfig({ NODE_ENV: 'test', JWT_PRIVATE_KEY: keys.privateKey, INTAKE_URL: down }),
      logger: pino({ level: 'silent' }),
    });
    try {
      const session = await other.inject({ method: 'GET', url: '/auth/session' });
      const cookie = () => session.cookies.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
      const { csrfToken } = session.json() as { csrfToken: string };
      const login = await other.inject({
        method: 'POST',
        url: '/auth/dev-login',
        headers: { cookie: cookie(), 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        payload: JSON.stringify({ role: 'hotline_operator', dept: 'wf:district' }),
      });
      expect(login.statusCode).toBe(200);
      const signedIn = login.cookies.find((c) => c.name === SESSION_COOKIE)!;
      const res = await other.inject({
        method: 'GET',
        url: '/api/intake/cases',
        headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(signedIn.value)}` },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    } finally {
      await other.close();
    }
  });

  it('a browser-sent Authorization header is replaced by the session token, never passed through', async () => {
    const b = await browser();
    await b.login('court_clerk', 'court:beilun');
    seen.length = 0;
    await b.call('GET', '/api/dv-referral/protection-orders', { headers: { authorization: 'Bearer forged' } });
    expect(jwtPayload(String(seen[0]!.headers.authorization).slice(7))).toMatchObject({ role: 'court_clerk' });
  });

  it('refuses state-changing calls without the CSRF token, and everything without a session', async () => {
    const anon = await browser();
    seen.length = 0;
    expect((await anon.call('GET', '/api/intake/cases')).statusCode).toBe(401);
    const b = await browser();
    const csrf = await b.login('hotline_operator', 'wf:district');
    expect((await b.call('POST', '/api/intake/cases', { body: {} })).statusCode).toBe(403);
    expect((await b.call('POST', '/api/intake/cases', { body: {}, csrf: 'not-the-token' })).statusCode).toBe(403);
    expect((await b.call('PUT', '/api/intake/cases/x/consent', { body: {} })).statusCode).toBe(403);
    expect(seen).toEqual([]);
    expect((await b.call('POST', '/api/intake/cases', { body: {}, csrf })).statusCode).toBe(200);
    // sign-in itself needs the token too (login CSRF)
    const fresh = await browser();
    expect(
      (await fresh.call('POST', '/auth/dev-login', { body: { role: 'coordinator', dept: 'wcw:district' } })).statusCode,
    ).toBe(403);
    // signing out ends the session
    expect((await b.call('POST', '/auth/logout', { csrf })).statusCode).toBe(200);
    expect((await b.call('GET', '/api/intake/cases')).statusCode).toBe(401);
  });

  it('a reporter reaches only her mandatory reports through the console', async () => {
    const b = await browser();
    const csrf = await b.login('reporter', 'school:xinqi_primary');
    seen.length = 0;
    for (const url of [
      '/api/intake/cases',
      '/api/intake/cases/1',
      '/api/case-timeline/cases/1/timeline',
      '/api/dv-referral/referrals',
      '/api/intake/mandatory-reportsX',
    ]) {
      expect({ url, status: (await b.call('GET', url)).statusCode }).toEqual({ url, status: 403 });
    }
    expect(seen).toEqual([]);
    expect((await b.call('GET', '/api/intake/mandatory-reports')).statusCode).toBe(200);
    expect(
      (await b.call('POST', '/api/intake/mandatory-reports', { body: { reporterKind: 'school' }, csrf })).statusCode,
    ).toBe(200);
  });

  it('only offers and accepts the configured accounts', async () => {
    const b = await browser();
    const { csrfToken } = await b.session();
    const res = await b.call('POST', '/auth/dev-login', {
      body: { role: 'admin', dept: 'platform:ops' },
      csrf: csrfToken,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'unknown_account' });
  });

  it('serves security headers with a strict script policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses local sign-in in production, and production needs a session key and an identity provider', async () => {
    expect(() =>
      consoleConfig({ NODE_ENV: 'production', OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'console' }),
    ).toThrow(ConsoleConfigError);
    expect(() =>
      consoleConfig({ NODE_ENV: 'production', SESSION_KEY: Buffer.alloc(32, 1).toString('base64') }),
    ).toThrow(/OIDC_ISSUER/);
    const cfg = consoleConfig(
      {
        NODE_ENV: 'production',
        SESSION_KEY: Buffer.alloc(32, 1).toString('base64'),
        OIDC_ISSUER: 'https://idp.example',
        OIDC_CLIENT_ID: 'console',
        PUBLIC_URL: 'https://console.example',
        JWT_PRIVATE_KEY: keys.privateKey,
      },
      { devPrivateKey: () => keys.privateKey },
    );
    expect(cfg.devSignIn.enabled).toBe(false);
    expect(cfg.devSignIn.privateKey).toBeUndefined();
    expect(cfg.secureCookie).toBe(true);
    const prod = await buildConsoleApp({ config: cfg, logger: pino({ level: 'silent' }) });
    try {
      const s = await prod.inject({ method: 'GET', url: '/auth/session' });
      expect(s.json()).toMatchObject({ user: null, signIn: { dev: null, oidc: true } });
      const cookie = s.cookies.find((c) => c.name === SESSION_COOKIE);
      const res = await prod.inject({
        method: 'POST',
        url: '/auth/dev-login',
        headers: {
          cookie: `${SESSION_COOKIE}=${encodeURIComponent(cookie?.value ?? '')}`,
          'x-csrf-token': (s.json() as { csrfToken: string }).csrfToken,
          'content-type': 'application/json',
          'x-forwarded-proto': 'https',
        },
        payload: JSON.stringify({ role: 'coordinator', dept: 'wcw:district' }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'dev_sign_in_disabled' });
      expect(cookie?.secure).toBe(true);
    } finally {
      await prod.close();
    }
  });
});
