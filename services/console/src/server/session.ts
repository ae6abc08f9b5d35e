import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { TokenClaims, mintToken } from '@linkage/auth';
import type { ConsoleConfig } from './config.ts';
import { problem } from './problem.ts';
import { oidcRoutes } from './oidc.ts';

/** What the encrypted session cookie holds. The token never leaves the server in a response. */
export interface SessionUser {
  sub: string;
  role: string;
  dept: string;
  streets: string[];
  /** seconds since epoch */
  exp: number;
  via: 'dev' | 'oidc';
}

declare module '@fastify/secure-session' {
  interface SessionData {
    user: SessionUser;
    token: string;
    idToken: string;
    oidc: { state: string; verifier: string; nonce: string };
    /** @fastify/csrf-protection's secret (its default `sessionKey`), kept across sign-in. */
    _csrf: string;
  }
}

/** The signed-in user, or undefined (an expired session is cleared). */
export function currentUser(req: FastifyRequest): { user: SessionUser; token: string } | undefined {
  const user = req.session.get('user');
  const token = req.session.get('token');
  if (!user || !token) return undefined;
  if (user.exp * 1000 <= Date.now()) {
    req.session.delete();
    return undefined;
  }
  return { user, token };
}

export async function requireUser(req: FastifyRequest, reply: FastifyReply) {
  if (!currentUser(req)) return problem(reply, 401, 'not_signed_in', 'Sign in first.');
}

/** Decode a JWT's payload without verifying it: the services verify every token they get. */
export function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Start a session from an access token whose claims carry role and dept (dev token or the IdP's). */
export function signIn(
  req: FastifyRequest,
  token: string,
  via: SessionUser['via'],
  idToken?: string,
): SessionUser | undefined {
  const payload = jwtPayload(token);
  const claims = {
    sub: payload.sub,
    role: payload.role,
    dept: payload.dept,
    ...(payload.streets ? { streets: payload.streets } : {}),
  };
  if (!Value.Check(TokenClaims, claims)) return undefined;
  const user: SessionUser = {
    sub: claims.sub,
    role: claims.role,
    dept: claims.dept,
    streets: claims.streets ?? [],
    exp: typeof payload.exp === 'number' ? payload.exp : Math.floor(Date.now() / 1000) + 3600,
    via,
  };
  const csrf = req.session.get('_csrf');
  req.session.regenerate(['_csrf']);
  if (csrf) req.session.set('_csrf', csrf);
  req.session.set('user', user);
  req.session.set('token', token);
  if (idToken) req.session.set('idToken', idToken);
  return user;
}

export async function sessionRoutes(app: FastifyInstance, config: ConsoleConfig) {
  const publicUser = (u: SessionUser) => ({
    sub: u.sub,
    role: u.role,
    dept: u.dept,
    streets: u.streets,
    expiresAt: new Date(u.exp * 1000).toISOString(),
    via: u.via,
  });

  // Who am I, and the CSRF token for the next state-changing call (also before signing in).
  app.get('/auth/session', async (req, reply) => {
    const cur = currentUser(req);
    reply.header('cache-control', 'no-store');
    return {
      user: cur ? publicUser(cur.user) : null,
      csrfToken: reply.generateCsrf(),
      signIn: {
        dev: config.devSignIn.enabled
          ? { accounts: config.devSignIn.accounts.map(({ role, dept }) => ({ role, dept })) }
          : null,
        oidc: Boolean(config.oidc),
      },
    };
  });

  app.post<{ Body: { role: string; dept: string } }>(
    '/auth/dev-login',
    {
      onRequest: app.csrfProtection,
      schema: {
        body: {
          type: 'object',
          required: ['role', 'dept'],
          additionalProperties: false,
          properties: { role: { type: 'string', maxLength: 40 }, dept: { type: 'string', maxLength: 64 } },
        },
      },
    },
    async (req, reply) => {
      if (!config.devSignIn.enabled || !config.devSignIn.privateKey) {
        return problem(
          reply,
          403,
          'dev_sign_in_disabled',
          'Local sign-in is for development only; sign in with the identity provider.',
        );
      }
      const { role, dept } = req.body;
      const account = config.devSignIn.accounts.find((a) => a.role === role && a.dept === dept);
      if (!account) return problem(reply, 400, 'unknown_account', 'Choose a role and department from the list.');
      const claims = {
        sub: `dev-${role}-${dept.replace(':', '-')}`,
        role,
        dept,
        ...(account.streets ? { streets: account.streets } : {}),
      };
      // A configured account whose role, department or streets the services would refuse.
      if (!Value.Check(TokenClaims, claims)) return problem(reply, 400, 'unknown_account', 'That role is not known.');
      const token = mintToken(claims, {
        privateKey: config.devSignIn.privateKey,
        ttlSeconds: config.sessionTtlSeconds,
      });
      const user = signIn(req, token, 'dev');
      if (!user) return problem(reply, 400, 'unknown_account', 'That role is not known.');
      req.log.info({ role, dept }, 'local sign-in');
      return { user: publicUser(user) };
    },
  );

  app.post('/auth/logout', { onRequest: app.csrfProtection }, async (req) => {
    req.session.delete();
    return { ok: true };
  });

  await oidcRoutes(app, config);
}
