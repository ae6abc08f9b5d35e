import { randomBytes } from 'node:crypto';
import { DEV_AUDIENCE, DEV_ISSUER, generateKeyPair, mintToken, type KeyPair, type TokenClaims } from '@linkage/auth';

let keys: KeyPair | undefined;
/** A key pair for this test process (never the developer's dev keys). */
export function testKeys(): KeyPair {
  keys ??= generateKeyPair();
  return keys;
}

export function tokenFor(role: TokenClaims['role'], dept: string, extra: Partial<TokenClaims> = {}): string {
  return mintToken({ sub: `test-${role}`, role, dept, ...extra }, { privateKey: testKeys().privateKey });
}

export const bearer = (role: TokenClaims['role'], dept: string, extra: Partial<TokenClaims> = {}) => ({
  authorization: `Bearer ${tokenFor(role, dept, extra)}`,
});

/** Environment for a service under test: its own database and topic prefix, test keys. */
export function serviceEnv(o: {
  databaseUrl: string;
  brokers: string[];
  topicPrefix: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: o.databaseUrl,
    KAFKA_BROKERS: o.brokers.join(','),
    TOPIC_PREFIX: o.topicPrefix,
    JWT_PUBLIC_KEY: testKeys().publicKey,
    JWT_ISSUERS: DEV_ISSUER,
    JWT_AUDIENCES: DEV_AUDIENCE,
    FIELD_ENCRYPTION_KEY: testSecret('field'),
    BLIND_INDEX_KEY: testSecret('blind'),
    RELAY_POLL_MS: '200',
    ...o.extra,
  };
}

const secrets = new Map<string, string>();
function testSecret(name: string): string {
  if (!secrets.has(name)) secrets.set(name, randomBytes(32).toString('base64'));
  return secrets.get(name)!;
}
