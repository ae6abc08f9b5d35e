import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parseKeyList, type FieldKeyring } from './crypto.ts';
import { DEV_AUDIENCE, DEV_ISSUER, DEV_KEYS_DIR, loadOrCreateDevKeys } from '@linkage/auth';

/** Settings every service has. Each key is the environment variable's name. */
export const BaseConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], {
    default: 'development',
  }),
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  KAFKA_BROKERS: Type.String({ default: '127.0.0.1:19092', pattern: '^[^,\\s]+(,[^,\\s]+)*$' }),
  /** Prepended to every topic and consumer group (isolates test runs sharing one broker). */
  TOPIC_PREFIX: Type.String({ default: '', pattern: '^[a-z0-9.]*$' }),
  JWT_PUBLIC_KEY: Type.Optional(Type.String()),
  JWT_PUBLIC_KEY_FILE: Type.Optional(Type.String()),
  /**
   * The identity provider's JWKS URL (production): token keys are fetched from it by `kid` (rotation) instead of
   * JWT_PUBLIC_KEY.
   */
  JWT_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  JWT_ISSUERS: Type.String({ default: DEV_ISSUER }),
  JWT_AUDIENCES: Type.String({ default: DEV_AUDIENCE }),
  /** base64 of 32 random bytes: AES-256-GCM key for personal fields at rest. */
  FIELD_ENCRYPTION_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' })),
  /**
   * Key id of FIELD_ENCRYPTION_KEY: set it to store the id with each ciphertext (`v2.<kid>.…`), so the key can rotate.
   */
  FIELD_ENCRYPTION_KEY_ID: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,32}$' })),
  /** Retired field keys that still decrypt, `kid:base64,kid:base64` (keep until re-encryption is done). */
  FIELD_ENCRYPTION_OLD_KEYS: Type.Optional(
    Type.String({ pattern: '^[a-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[a-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$' }),
  ),
  /** base64 of 32 random bytes: HMAC key for blind indexes (find a record without decrypting). */
  BLIND_INDEX_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' })),
  /** Key id of BLIND_INDEX_KEY: set it to store the id with each index (`<kid>.<hmac>`), so the key can rotate. */
  BLIND_INDEX_KEY_ID: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,32}$' })),
  /** Retired blind-index keys lookups still try, `kid:base64,kid:base64` (keep until `npm run reencrypt` is done). */
  BLIND_INDEX_OLD_KEYS: Type.Optional(
    Type.String({ pattern: '^[a-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[a-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$' }),
  ),
  MIGRATE_ON_START: Type.Boolean({ default: true }),
  RELAY_ENABLED: Type.Boolean({ default: true }),
  CONSUMERS_ENABLED: Type.Boolean({ default: true }),
  RELAY_POLL_MS: Type.Integer({ minimum: 10, default: 1000 }),
  /**
   * The outbox relay on a thread of its own (relay-thread.ts): lower latency from commit to Kafka, more CPU per event
   * (it no longer batches what came while requests held the loop). Off: on two cores shared with Postgres and Kafka
   * it cost intake ~30 % more CPU per case (`npm run bench -- --only intake`, three alternating pairs). Worth turning
   * on where the machine has cores to spare.
   */
  RELAY_THREAD: Type.Boolean({ default: false }),
  /** How long an outbox row Kafka acknowledged is kept (`pruneOutbox`): a week by default. */
  OUTBOX_RETENTION_HOURS: Type.Integer({ minimum: 1, default: 168 }),
  /** How often published rows past that are deleted; 0 never (the outbox then keeps every event). */
  OUTBOX_PRUNE_INTERVAL_MS: Type.Integer({ minimum: 0, default: 3_600_000 }),
  /** Longest remaining validity a presented token may have, in seconds (at most 12 h). */
  JWT_MAX_LIFETIME_SECONDS: Type.Integer({ minimum: 60, maximum: 43_200, default: 43_200 }),
  /**
   * Origins allowed to call the API from a browser, comma-separated. Empty: CORS closed (no Access-Control-* headers).
   */
  CORS_ORIGINS: Type.String({ default: '', pattern: '^(https?://[^,\\s]+(,https?://[^,\\s]+)*)?$' }),
  /**
   * Requests per RATE_LIMIT_WINDOW_MS per caller (token sub + dept, or address when unauthenticated); 0 turns it off.
   */
  RATE_LIMIT_MAX: Type.Integer({ minimum: 0, default: 1200 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1000, default: 60_000 }),
  /**
   * Load shedding (503): mean event-loop delay above this in 3 consecutive 1 s samples; heap and RSS ceilings;
   * event-loop utilisation; 0 turns a check off.
   */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000 }),
  OVERLOAD_MAX_HEAP_USED_BYTES: Type.Integer({ minimum: 0, default: 0 }),
  OVERLOAD_MAX_RSS_BYTES: Type.Integer({ minimum: 0, default: 0 }),
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
  OVERLOAD_RETRY_AFTER_SECONDS: Type.Integer({ minimum: 1, default: 10 }),
  /**
   * Bearer token a Prometheus scrape of /metrics must send. Unset: /metrics is open in development/test and absent
   * (404) in production.
   */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
});
export type BaseConfig = Static<typeof BaseConfigSchema> & {
  jwtPublicKey: string;
  fieldKey: Buffer;
  /** Set when FIELD_ENCRYPTION_KEY_ID is: the current key and the retired ones. */
  fieldKeyring: FieldKeyring | undefined;
  blindIndexKey: Buffer;
  /** Set when BLIND_INDEX_KEY_ID is: the current blind-index key and the retired ones. */
  blindIndexKeyring: FieldKeyring | undefined;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parse configuration once at start-up. Defaults make `npm start` work locally; a bad value
 * stops the service with a message naming the variable. In production, keys must be given.
 */
export function loadConfig<P extends TProperties>(
  extra: TObject<P>,
  env: Record<string, string | undefined> = process.env,
  defaults: Record<string, unknown> = {},
): BaseConfig & Static<TObject<P>> {
  const schema = Type.Composite([BaseConfigSchema, extra]);
  const input: Record<string, unknown> = { ...defaults };
  for (const key of Object.keys(schema.properties))
    if (env[key] !== undefined && env[key] !== '') input[key] = env[key];
  const withDefaults = Value.Default(schema, input);
  const converted = Value.Convert(schema, withDefaults);
  const errors = [...Value.Errors(schema, converted)];
  if (errors.length > 0) {
    const lines = errors
      .slice(0, 10)
      .map((e) => `  ${e.path.slice(1) || '(config)'}: ${e.message}${e.value === undefined ? ' (not set)' : ''}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = converted as Static<typeof BaseConfigSchema> & Static<TObject<P>>;
  const production = cfg.NODE_ENV === 'production';

  let jwtPublicKey = cfg.JWT_PUBLIC_KEY;
  if (!jwtPublicKey && cfg.JWT_PUBLIC_KEY_FILE) {
    if (!existsSync(cfg.JWT_PUBLIC_KEY_FILE))
      throw new ConfigError(`JWT_PUBLIC_KEY_FILE: no file at ${cfg.JWT_PUBLIC_KEY_FILE}`);
    jwtPublicKey = readFileSync(cfg.JWT_PUBLIC_KEY_FILE, 'utf8');
  }
  if (production && cfg.JWT_JWKS_URL && !cfg.JWT_JWKS_URL.startsWith('https://'))
    throw new ConfigError('JWT_JWKS_URL: must be https:// in production');
  if (production && cfg.JWT_JWKS_URL && cfg.JWT_ISSUERS === DEV_ISSUER)
    throw new ConfigError('JWT_ISSUERS: set the identity provider issuer(s) in production');
  if (!jwtPublicKey) {
    // With a JWKS the keys come from the identity provider; no PEM (and no dev key) is used.
    if (cfg.JWT_JWKS_URL) jwtPublicKey = '';
    else if (production)
      throw new ConfigError('JWT_JWKS_URL (or JWT_PUBLIC_KEY / JWT_PUBLIC_KEY_FILE): required in production');
    else jwtPublicKey = loadOrCreateDevKeys().publicKey;
  }
  const key = (name: 'FIELD_ENCRYPTION_KEY' | 'BLIND_INDEX_KEY'): Buffer => {
    const v = cfg[name];
    if (v) return Buffer.from(v, 'base64');
    if (production) throw new ConfigError(`${name}: required in production`);
    return devSecret(name.toLowerCase());
  };
  const ring = (name: 'FIELD_ENCRYPTION' | 'BLIND_INDEX', current: Buffer): FieldKeyring | undefined => {
    const id = cfg[`${name}_KEY_ID`];
    const oldKeys = cfg[`${name}_OLD_KEYS`];
    if (!id) {
      if (oldKeys) throw new ConfigError(`${name}_OLD_KEYS: needs ${name}_KEY_ID (the id of the new key)`);
      return undefined;
    }
    const old = oldKeys ? parseKeyList(oldKeys) : {};
    if (old[id]) throw new ConfigError(`${name}_OLD_KEYS: must not name the current ${name}_KEY_ID`);
    return { current: id, keys: { ...old, [id]: current } };
  };
  const fieldKey = key('FIELD_ENCRYPTION_KEY');
  const blindIndexKey = key('BLIND_INDEX_KEY');
  return {
    ...cfg,
    jwtPublicKey,
    fieldKey,
    fieldKeyring: ring('FIELD_ENCRYPTION', fieldKey),
    blindIndexKey,
    blindIndexKeyring: ring('BLIND_INDEX', blindIndexKey),
  };
}

/** A random local secret, generated once into .dev-keys/ (git-ignored). Never used in production. */
function devSecret(name: string): Buffer {
  const file = join(DEV_KEYS_DIR, `${name}.b64`);
  if (!existsSync(file)) {
    loadOrCreateDevKeys(); // creates the folder
    try {
      // 'wx': if two services start at once, the second keeps the first one's key.
      writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
