import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** The five services the console proxies to, under /api/<name>/… */
export const SERVICES = ['intake', 'dv-referral', 'legal-aid', 'elder-care', 'case-timeline'] as const;
export type ServiceName = (typeof SERVICES)[number];
const DEFAULT_PORTS: Record<ServiceName, number> = {
  intake: 4101,
  'dv-referral': 4102,
  'legal-aid': 4103,
  'elder-care': 4104,
  'case-timeline': 4105,
};
const envName = (s: ServiceName) => `${s.toUpperCase().replace('-', '_')}_URL`;

const Schema = Type.Object({
  NODE_ENV: Type.String({ default: 'development' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 4100 }),
  HOST: Type.String({ default: '127.0.0.1' }),
  LOG_LEVEL: Type.String({ default: 'info' }),
  /** Where the built single-page app is (vite build output). */
  CONSOLE_DIST: Type.Optional(Type.String()),
  /** 32 bytes, base64: the key that encrypts the session cookie. Required in production. */
  SESSION_KEY: Type.Optional(Type.String()),
  /** Set when the console is served over TLS (directly or behind a TLS proxy): the cookie gets `Secure`. */
  PUBLIC_URL: Type.Optional(Type.String()),
  SESSION_TTL_SECONDS: Type.Integer({ minimum: 60, default: 8 * 3600 }),
  /** Local sign-in (development only): the private key the dev tokens are signed with (default: .dev-keys/). */
  JWT_PRIVATE_KEY: Type.Optional(Type.String()),
  /** OpenID Connect (production sign-in). */
  OIDC_ISSUER: Type.Optional(Type.String()),
  OIDC_CLIENT_ID: Type.Optional(Type.String()),
  OIDC_CLIENT_SECRET: Type.Optional(Type.String()),
  OIDC_SCOPE: Type.String({ default: 'openid' }),
  /**
   * How long the console waits for a service's answer before it tells the user so (504): a service that hangs must
   * not leave a screen spinning for ever. Longer than any normal request, even on a busy machine.
   */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 30_000 }),
  /** Comma-separated `role@dept` pairs offered on the local sign-in page (default: one of each role). */
  DEV_ACCOUNTS: Type.Optional(Type.String()),
});

export interface DevAccount {
  role: string;
  dept: string;
  /** streets the account covers (elder-care officers see their streets' records) */
  streets?: string[];
}

/** One account per desk (and a second police station, to show a station sees only its own referrals). */
export const DEFAULT_DEV_ACCOUNTS: DevAccount[] = [
  { role: 'hotline_operator', dept: 'wf:district' },
  { role: 'wf_caseworker', dept: 'wf:district' },
  { role: 'reporter', dept: 'school:xinqi_primary' },
  { role: 'police_officer', dept: 'police:xinqi' },
  { role: 'police_officer', dept: 'police:daqi' },
  { role: 'court_clerk', dept: 'court:beilun' },
  { role: 'legal_aid_officer', dept: 'legal_aid:beilun' },
  { role: 'shelter_officer', dept: 'shelter:beilun' },
  { role: 'health_worker', dept: 'health:beilun' },
  { role: 'health_worker', dept: 'counselling:beilun' },
  { role: 'elder_care_officer', dept: 'civil_affairs:district' },
  { role: 'coordinator', dept: 'wcw:district' },
];

export interface ConsoleConfig {
  production: boolean;
  port: number;
  host: string;
  logLevel: string;
  dist: string | undefined;
  sessionKey: Buffer;
  secureCookie: boolean;
  sessionTtlSeconds: number;
  upstreams: Record<ServiceName, string>;
  upstreamTimeoutMs: number;
  devSignIn: { enabled: boolean; privateKey?: string; accounts: DevAccount[] };
  oidc: { issuer: string; clientId: string; clientSecret?: string; scope: string; redirectUri: string } | undefined;
}

export class ConsoleConfigError extends Error {}

export function consoleConfig(
  env: Record<string, string | undefined> = process.env,
  defaults: { devPrivateKey?: () => string } = {},
): ConsoleConfig {
  const raw = Value.Default(Schema, Value.Convert(Schema, { ...pick(env) })) as Static<typeof Schema>;
  if (!Value.Check(Schema, raw)) {
    const e = [...Value.Errors(Schema, raw)][0];
    throw new ConsoleConfigError(`console config ${e?.path}: ${e?.message}`);
  }
  const production = raw.NODE_ENV === 'production';
  let sessionKey: Buffer;
  if (raw.SESSION_KEY) {
    sessionKey = Buffer.from(raw.SESSION_KEY, 'base64');
    if (sessionKey.length !== 32) throw new ConsoleConfigError('SESSION_KEY: must be 32 bytes, base64-encoded');
  } else if (production) {
    throw new ConsoleConfigError('SESSION_KEY: required in production');
  } else {
    // development: a key per process (restarting the console signs everyone out)
    sessionKey = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  }
  const upstreams = Object.fromEntries(
    SERVICES.map((s) => [s, env[envName(s)] ?? `http://127.0.0.1:${DEFAULT_PORTS[s]}`]),
  ) as Record<ServiceName, string>;
  const publicUrl = raw.PUBLIC_URL ?? `http://${raw.HOST}:${raw.PORT}`;
  const oidc = raw.OIDC_ISSUER
    ? {
        issuer: raw.OIDC_ISSUER,
        clientId: required(raw.OIDC_CLIENT_ID, 'OIDC_CLIENT_ID'),
        ...(raw.OIDC_CLIENT_SECRET ? { clientSecret: raw.OIDC_CLIENT_SECRET } : {}),
        scope: raw.OIDC_SCOPE,
        redirectUri: new URL('/auth/oidc/callback', publicUrl).toString(),
      }
    : undefined;
  if (production && !oidc)
    throw new ConsoleConfigError(
      'OIDC_ISSUER and OIDC_CLIENT_ID: required in production (local sign-in is for development only)',
    );
  const devEnabled = !production;
  return {
    production,
    port: raw.PORT,
    host: raw.HOST,
    logLevel: raw.LOG_LEVEL,
    dist: raw.CONSOLE_DIST,
    sessionKey,
    secureCookie: publicUrl.startsWith('https:'),
    sessionTtlSeconds: raw.SESSION_TTL_SECONDS,
    upstreams,
    upstreamTimeoutMs: raw.UPSTREAM_TIMEOUT_MS,
    devSignIn: {
      enabled: devEnabled,
      ...(devEnabled ? { privateKey: raw.JWT_PRIVATE_KEY ?? defaults.devPrivateKey?.() } : {}),
      accounts: raw.DEV_ACCOUNTS ? parseAccounts(raw.DEV_ACCOUNTS) : DEFAULT_DEV_ACCOUNTS,
    },
    oidc,
  };
}

function pick(env: Record<string, string | undefined>): Record<string, string> {
  const keys = Object.keys(Schema.properties);
  return Object.fromEntries(
    keys.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k] as string]),
  );
}

function required(v: string | undefined, name: string): string {
  if (!v) throw new ConsoleConfigError(`${name}: required`);
  return v;
}

function parseAccounts(s: string): DevAccount[] {
  return s.split(',').map((pair) => {
    const [role, dept] = pair.trim().split('@');
    if (!role || !dept || !/^[a-z_]+:[a-z0-9_-]+$/.test(dept))
      throw new ConsoleConfigError(`DEV_ACCOUNTS: "${pair}" is not role@kind:unit`);
    return { role, dept };
  });
}
