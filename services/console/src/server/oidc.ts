import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import type { ConsoleConfig } from './config.ts';
import { problem } from './problem.ts';
import { signIn } from './session.ts';

/**
 * Production sign-in: OpenID Connect authorization-code flow with PKCE, state and nonce
 * (openid-client). The IdP's access token — which the services verify — stays in the
 * encrypted session cookie; the browser only ever sees the redirect.
 */
export async function oidcRoutes(app: FastifyInstance, config: ConsoleConfig) {
  const oidc = config.oidc;
  if (!oidc) {
    app.get('/auth/oidc/login', async (_req, reply) =>
      problem(reply, 404, 'oidc_not_configured', 'No identity provider is configured (set OIDC_ISSUER).'),
    );
    return;
  }
  const issuer = new URL(oidc.issuer);
  let discovered: Promise<client.Configuration> | undefined;
  // Discover lazily (and again after a failure): the console starts even when the IdP is briefly away.
  const configuration = () => {
    discovered ??= client
      .discovery(
        issuer,
        oidc.clientId,
        oidc.clientSecret,
        undefined,
        issuer.protocol === 'http:' && !config.production ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  app.get('/auth/oidc/login', async (req, reply) => {
    let cfg: client.Configuration;
    try {
      cfg = await configuration();
    } catch (err) {
      req.log.error({ err }, 'OIDC discovery failed');
      return problem(reply, 503, 'idp_unreachable', 'The identity provider cannot be reached; try again shortly.');
    }
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    req.session.set('oidc', { state, verifier, nonce });
    const url = client.buildAuthorizationUrl(cfg, {
      redirect_uri: oidc.redirectUri,
      scope: oidc.scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return reply.redirect(url.toString());
  });

  app.get('/auth/oidc/callback', async (req, reply) => {
    const pending = req.session.get('oidc');
    if (!pending) return problem(reply, 400, 'no_sign_in_pending', 'Start signing in from the console.');
    req.session.set('oidc', undefined);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      const cfg = await configuration();
      const current = new URL(req.url, oidc.redirectUri);
      tokens = await client.authorizationCodeGrant(cfg, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
    } catch (err) {
      req.log.warn({ err }, 'OIDC callback refused');
      return problem(reply, 401, 'sign_in_failed', 'Signing in with the identity provider failed; try again.');
    }
    const user = signIn(req, tokens.access_token, 'oidc', tokens.id_token);
    if (!user)
      return problem(reply, 403, 'no_role', 'Your account has no Linkage role and department; ask the administrator.');
    return reply.redirect('/');
  });
}
