import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSigner } from 'fast-jwt';
import type { TokenClaims } from './principal.ts';

export const DEV_ISSUER = 'linkage-dev';
export const DEV_AUDIENCE = 'linkage';
export const DEV_KEYS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../.dev-keys');

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKey, publicKey };
}

/** The local dev key pair: generated on first use into .dev-keys/ (git-ignored, never committed). */
export function loadOrCreateDevKeys(dir: string = DEV_KEYS_DIR): KeyPair {
  const priv = join(dir, 'jwt-private.pem');
  const pub = join(dir, 'jwt-public.pem');
  if (!existsSync(priv) || !existsSync(pub)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const kp = generateKeyPair();
    writeFileSync(priv, kp.privateKey, { mode: 0o600 });
    writeFileSync(pub, kp.publicKey, { mode: 0o644 });
  }
  return { privateKey: readFileSync(priv, 'utf8'), publicKey: readFileSync(pub, 'utf8') };
}

export interface MintOptions {
  privateKey: string;
  issuer?: string;
  audience?: string;
  ttlSeconds?: number;
}

/** Sign an ES256 access token (dev and tests; production tokens come from the identity provider). */
export function mintToken(claims: TokenClaims, o: MintOptions): string {
  const sign = createSigner({
    key: o.privateKey,
    algorithm: 'ES256',
    iss: o.issuer ?? DEV_ISSUER,
    aud: o.audience ?? DEV_AUDIENCE,
    expiresIn: (o.ttlSeconds ?? 8 * 3600) * 1000,
  });
  return sign({ ...claims });
}
