import { createSign, generateKeyPairSync, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  authPlugin,
  generateKeyPair,
  mintToken,
  requireRole,
  DEV_AUDIENCE,
  DEV_ISSUER,
  allows,
  authorize,
  sameDept,
  inStreets,
  type Policy,
  type Principal,
} from '../src/index.ts';

const keys = generateKeyPair();
const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = { sub: 'op-1', role: 'hotline_operator', dept: 'wf:district' } as const;

const es256 = (input: string) =>
  createSign('SHA256').update(input).sign({ key: keys.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');

function rawToken(header: object, payload: object, sign: (input: string) => string): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${sign(input)}`;
}

describe('auth plugin: who gets in', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) =>
      reply.status(err.statusCode ?? 500).send({ code: err.code }),
    );
    await app.register(authPlugin, { publicKey: keys.publicKey, issuers: [DEV_ISSUER], audiences: [DEV_AUDIENCE] });
    app.get('/me', { onRequest: [app.authenticate] }, async (req) => req.user);
    app.get('/police-only', { onRequest: [app.authenticate, requireRole('police_officer')] }, async () => ({
      ok: true,
    }));
    await app.ready();
  });
  afterAll(() => app.close());

  const call = (token?: string, url = '/me') =>
    app.inject({ url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('accepts a valid ES256 token and exposes role, dept and subject (no name)', async () => {
    const res = await call(mintToken({ ...claims, streets: ['xinqi'] }, { privateKey: keys.privateKey }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sub: 'op-1', role: 'hotline_operator', dept: 'wf:district', streets: ['xinqi'] });
  });

  it('accepts a valid RS256 token when the key is RSA', async () => {
    const rsa = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const rsApp = Fastify();
    await rsApp.register(authPlugin, { publicKey: rsa.publicKey, issuers: [DEV_ISSUER], audiences: [DEV_AUDIENCE] });
    rsApp.get('/me', { preHandler: [rsApp.authenticate] }, async (req) => req.user);
    const token = rawToken(
      { alg: 'RS256', typ: 'JWT' },
      { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now() + 60 },
      (input) => createSign('RSA-SHA256').update(input).sign(rsa.privateKey).toString('base64url'),
    );
    expect((await rsApp.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    await rsApp.close();
  });

  it.each([
    ['missing token', undefined, 'token_missing'],
    [
      'alg none',
      rawToken(
        { alg: 'none', typ: 'JWT' },
        { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now() + 60 },
        () => '',
      ),
      'token_invalid',
    ],
    [
      'HS256 signed with the public key',
      rawToken(
        { alg: 'HS256', typ: 'JWT' },
        { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now() + 60 },
        (input) => createHmac('sha256', keys.publicKey).update(input).digest('base64url'),
      ),
      'token_invalid',
    ],
    [
      'expired',
      rawToken(
        { alg: 'ES256', typ: 'JWT' },
        { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, iat: now() - 120, exp: now() - 60 },
        es256,
      ),
      'token_invalid',
    ],
    ['wrong issuer', mintToken(claims, { privateKey: keys.privateKey, issuer: 'someone-else' }), 'token_invalid'],
    ['wrong audience', mintToken(claims, { privateKey: keys.privateKey, audience: 'another-app' }), 'token_invalid'],
    ['signed by another key', mintToken(claims, { privateKey: generateKeyPair().privateKey }), 'token_invalid'],
    ['garbage', 'not.a.token', 'token_invalid'],
    [
      'unknown role',
      mintToken({ ...claims, role: 'superuser' as never }, { privateKey: keys.privateKey }),
      'token_claims_invalid',
    ],
  ])('rejects %s with 401', async (_name, token, code) => {
    const res = await call(token);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe(code);
  });

  it('rejects a tampered payload (role raised after signing), also once the genuine token was verified', async () => {
    const token = mintToken(claims, { privateKey: keys.privateKey });
    expect((await call(token)).statusCode).toBe(200); // the genuine one is now among the verified tokens
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${b64url({ ...payload, role: 'admin' })}.${s}`;
    expect((await call(tampered)).statusCode).toBe(401);
  });

  it('rejects a token without exp', async () => {
    const valid = rawToken(
      { alg: 'ES256', typ: 'JWT' },
      { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: now() + 60 },
      es256,
    );
    expect((await call(valid)).statusCode).toBe(200); // the hand-made signature is right...
    const token = rawToken({ alg: 'ES256', typ: 'JWT' }, { ...claims, iss: DEV_ISSUER, aud: DEV_AUDIENCE }, es256);
    expect((await call(token)).statusCode).toBe(401); // ...so this 401 is for the missing exp
  });

  it('refuses a token valid for more than 12 h from now (a long-lived token is not accepted)', async () => {
    const longLived = mintToken(claims, { privateKey: keys.privateKey, ttlSeconds: 12 * 3600 + 120 });
    const res = await call(longLived);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('token_lifetime_too_long');
    expect(
      (await call(mintToken(claims, { privateKey: keys.privateKey, ttlSeconds: 30 * 24 * 3600 }))).statusCode,
    ).toBe(401);
    // exactly at the limit (minted a moment ago) is still fine
    expect((await call(mintToken(claims, { privateKey: keys.privateKey, ttlSeconds: 12 * 3600 }))).statusCode).toBe(
      200,
    );
  });

  it('applies a stricter configured token lifetime', async () => {
    const strict = Fastify();
    strict.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) =>
      reply.status(err.statusCode ?? 500).send({ code: err.code }),
    );
    await strict.register(authPlugin, {
      publicKey: keys.publicKey,
      issuers: [DEV_ISSUER],
      audiences: [DEV_AUDIENCE],
      maxLifetimeSeconds: 3600,
    });
    strict.get('/me', { onRequest: [strict.authenticate] }, async (req) => req.user);
    const as = (ttlSeconds: number) =>
      strict.inject({
        url: '/me',
        headers: { authorization: `Bearer ${mintToken(claims, { privateKey: keys.privateKey, ttlSeconds })}` },
      });
    expect((await as(2 * 3600)).json().code).toBe('token_lifetime_too_long');
    expect((await as(1800)).statusCode).toBe(200);
    await strict.close();
  });

  it('returns 403 for an authenticated caller without the role', async () => {
    const res = await call(mintToken(claims, { privateKey: keys.privateKey }), '/police-only');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('role_not_allowed');
    const ok = await call(
      mintToken({ sub: 'p', role: 'police_officer', dept: 'police:xinqi' }, { privateKey: keys.privateKey }),
      '/police-only',
    );
    expect(ok.statusCode).toBe(200);
  });
});

describe('policy helper', () => {
  const policy: Policy<'view_referral' | 'accept_referral', { dept: string; street: string | null }> = {
    view_referral: { roles: ['police_officer', 'coordinator'] },
    accept_referral: { roles: ['police_officer'], record: (p, r) => sameDept(p, r.dept) && inStreets(p, r.street) },
  };
  const officer: Principal = { sub: 'o', role: 'police_officer', dept: 'police:xinqi', streets: ['xinqi'] };
  const coordinator: Principal = { sub: 'c', role: 'coordinator', dept: 'wcw:district', streets: [] };

  it('decides from role, dept and streets', () => {
    expect(allows(policy, officer, 'accept_referral', { dept: 'police:xinqi', street: 'xinqi' })).toBe(true);
    expect(allows(policy, officer, 'accept_referral', { dept: 'police:daqi', street: 'xinqi' })).toBe(false);
    expect(allows(policy, officer, 'accept_referral', { dept: 'police:xinqi', street: 'daqi' })).toBe(false);
    expect(allows(policy, coordinator, 'accept_referral', { dept: 'police:xinqi', street: 'xinqi' })).toBe(false);
    expect(allows(policy, coordinator, 'view_referral')).toBe(true);
    expect(() => authorize(policy, coordinator, 'accept_referral')).toThrow(/Not allowed to accept referral/);
  });
});
