import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@linkage/contracts';
import { AuthError, toPrincipal, type Principal } from './principal.ts';
import { VerifiedTokens } from './token-cache.ts';

export interface AuthOptions {
  /** PEM public key (EC P-256 for ES256, or RSA for RS256): local runs. Ignored when `jwksUrl` is set. */
  publicKey: string;
  /**
   * The identity provider's JWKS (production): keys are fetched, cached and looked up by the
   * token's `kid`; a `kid` not in the cached set fetches the set again (key rotation), at most once
   * per `jwksCooldownMs`; a `kid` the provider does not publish is refused.
   */
  jwksUrl?: string | undefined;
  /** How long a fetched key set is used before it is fetched again (default 10 min). */
  jwksCacheMaxAgeMs?: number;
  /** Least time between two fetches caused by unknown `kid`s (default 30 s). */
  jwksCooldownMs?: number;
  issuers: string[];
  audiences: string[];
  /**
   * The longest a token may still be valid when it is presented, in seconds (default 12 h). A token
   * whose `exp` lies further ahead is refused: a stolen long-lived token must not stay useful.
   */
  maxLifetimeSeconds?: number;
}

export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** Refuse a token whose expiry is more than `maxSeconds` after `nowMs`. */
export function checkTokenLifetime(payload: unknown, maxSeconds: number, nowMs: number = Date.now()): void {
  const exp = (payload as { exp?: unknown } | null)?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp - nowMs / 1000 > maxSeconds) {
    throw new AuthError(
      401,
      'token_lifetime_too_long',
      `A token may be valid for at most ${Math.round(maxSeconds / 3600)} h from now; get a new one.`,
    );
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    user: Principal;
  }
}

/**
 * A route hook. Use it as `onRequest: [app.authenticate, requireRole(...)]`, so a caller without a
 * valid token or role is refused (401/403) before the body is parsed or validated.
 */
export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Verify the bearer token and set `request.user`. */
    authenticate: AuthHook;
    /**
     * Verify an `Authorization` header value exactly as `authenticate` does (signature, algorithm,
     * issuer, audience, expiry, lifetime, claims) without a route: for code that runs before routing.
     */
    verifyAuthorization(authorization: string | undefined): Promise<Principal>;
  }
}

/** Only asymmetric algorithms: an HS256 token "signed" with the public key is refused. */
export const ALLOWED_ALGORITHMS = ['ES256', 'RS256'] as const;

export const authPlugin = fp<AuthOptions>(
  async (app, opts) => {
    const maxLifetime = opts.maxLifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS;
    /** The token's verified claims; throws AuthError 401 (or the jose/fast-jwt error, mapped below). */
    let verifySignature: (token: string) => Promise<unknown>;
    if (opts.jwksUrl) {
      // Production: the identity provider's published keys, through jose's remote key set.
      const jwks = createRemoteJWKSet(new URL(opts.jwksUrl), {
        cacheMaxAge: opts.jwksCacheMaxAgeMs ?? 600_000,
        cooldownDuration: opts.jwksCooldownMs ?? 30_000,
        timeoutDuration: 5_000,
      });
      verifySignature = async (token) => {
        try {
          const { payload } = await jwtVerify(token, jwks, {
            algorithms: [...ALLOWED_ALGORITHMS],
            issuer: opts.issuers,
            audience: opts.audiences,
            requiredClaims: ['exp', 'iss', 'aud', 'sub'],
          });
          return payload;
        } catch (err) {
          const code = (err as { code?: string }).code ?? '';
          // The provider unreachable is not the caller's fault, but no key means no access: 401, logged.
          if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC')
            app.log.warn({ code }, 'could not fetch the identity provider key set');
          throw new AuthError(401, 'token_invalid', 'A valid bearer token is required.');
        }
      };
    } else {
      if (!opts.publicKey.includes('PUBLIC KEY')) throw new Error('auth: publicKey must be a PEM public key');
      await app.register(fastifyJwt, {
        secret: { public: opts.publicKey },
        verify: {
          algorithms: [...ALLOWED_ALGORITHMS],
          allowedIss: opts.issuers,
          allowedAud: opts.audiences,
          requiredClaims: ['exp', 'iss', 'aud', 'sub'],
        },
      });
      verifySignature = async (token) => {
        try {
          return await app.jwt.verify(token);
        } catch {
          throw new AuthError(401, 'token_invalid', 'A valid bearer token is required.');
        }
      };
    }
    const verified = new VerifiedTokens();
    const verifyToken = async (token: string): Promise<Principal> => {
      const known = verified.get(token);
      if (known) return known;
      const payload = await verifySignature(token);
      checkTokenLifetime(payload, maxLifetime);
      const principal = toPrincipal(payload);
      verified.set(token, principal, (payload as { exp: number }).exp);
      return principal;
    };
    if (!app.hasRequestDecorator('user')) app.decorateRequest('user', null, []);
    app.decorate('verifyAuthorization', async function (authorization: string | undefined): Promise<Principal> {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
      if (!m) throw new AuthError(401, 'token_missing', 'A valid bearer token is required.');
      return verifyToken(m[1]!);
    });
    app.decorate('authenticate', async function (request: FastifyRequest, _reply: FastifyReply) {
      request.user = await app.verifyAuthorization(request.headers.authorization);
    });
  },
  { name: 'linkage-auth', fastify: '5.x' },
);

/** The caller must hold one of these roles (run after `authenticate`). */
export function requireRole(...roles: Role[]): AuthHook {
  const allowed = new Set<string>(roles);
  return async function (request: FastifyRequest) {
    const user = request.user;
    if (!user) throw new AuthError(401, 'token_missing', 'A valid bearer token is required.');
    if (!allowed.has(user.role))
      throw new AuthError(403, 'role_not_allowed', `This action needs one of the roles: ${roles.join(', ')}.`);
  };
}
