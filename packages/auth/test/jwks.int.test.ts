import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { authPlugin, DEV_AUDIENCE } from '../src/index.ts';

const ISSUER = 'https://idp.beilun.example/realms/linkage';

/**
 * Production keys: a local JWKS server (node http) stands in for the identity provider. Tokens are
 * verified with the key the token's `kid` names; a rotated key is fetched on a miss; an unknown
 * `kid`, another issuer or a forged signature is refused.
 */
describe('auth with a remote JWKS (JWT_JWKS_URL)', () => {
  let server: Server;
  let url: string;
  let published: JWK[] = [];
  let fetches = 0;
  let app: FastifyInstance;
  const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};

  const newKey = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  };
  const token = (kid: string, o: { signWith?: string; issuer?: string; ttl?: string } = {}) =>
    new SignJWT({ role: 'hotline_operator', dept: 'wf:district' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('op-1')
      .setIssuer(o.issuer ?? ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(o.ttl ?? '1h')
      .sign(keys[o.signWith ?? kid]!.privateKey);
  const call = async (t: string) =>
    (await app.inject({ url: '/me', headers: { authorization: `Bearer ${t}` } })).statusCode;

  beforeAll(async () => {
    await newKey('key-1');
    await newKey('key-2');
    await newKey('rogue');
    published = [keys['key-1']!.jwk];
    server = createServer((req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    app = Fastify();
    // No PEM at all: the keys come from the JWKS only.
    await app.register(authPlugin, {
      publicKey: '',
      jwksUrl: url,
      issuers: [ISSUER],
      audiences: [DEV_AUDIENCE],
      jwksCooldownMs: 0,
    });
    app.get('/me', { onRequest: [app.authenticate] }, async (req) => ({ sub: req.user.sub, dept: req.user.dept }));
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((r) => server?.close(r));
  });

  it('accepts a token signed with the published key, fetching the key set once and caching it', async () => {
    const res = await app.inject({ url: '/me', headers: { authorization: `Bearer ${await token('key-1')}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sub: 'op-1', dept: 'wf:district' });
    expect(await call(await token('key-1'))).toBe(200);
    expect(fetches).toBe(1);
  });

  it('rotation: the provider publishes a new key; a token with the new kid fetches the set again and passes, the old key still works while published', async () => {
    published = [keys['key-1']!.jwk, keys['key-2']!.jwk];
    expect(await call(await token('key-2'))).toBe(200);
    expect(fetches).toBe(2);
    expect(await call(await token('key-1'))).toBe(200);
    expect(fetches).toBe(2);
    // The old key retired: a token with its kid is refused once the set is fetched again.
    published = [keys['key-2']!.jwk];
    expect(await call(await token('key-3-unknown', { signWith: 'key-1' }))).toBe(401); // a miss refetches
    expect(await call(await token('key-1'))).toBe(401);
  });

  it('refuses an unknown kid, a forged signature under a known kid, another issuer, no token', async () => {
    expect(await call(await token('rogue'))).toBe(401);
    expect(await call(await token('key-2', { signWith: 'rogue' }))).toBe(401);
    expect(await call(await token('key-2', { issuer: 'https://evil.example' }))).toBe(401);
    expect(await call(await token('key-2', { ttl: '13h' }))).toBe(401); // longer than 12 h
    const missing = await app.inject({ url: '/me' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ code: 'token_missing' });
    expect(await call(await token('key-2'))).toBe(200);
  });
});
