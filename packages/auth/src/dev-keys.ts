import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSigner } from 'fast-jwt';
import { STREETS, type Role } from '@linkage/contracts';
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

/**
 * The local dev key pair: generated on first use into .dev-keys/ (git-ignored, never committed). Safe when several
 * processes start at once on a new checkout (npm start starts five services together): the first to link its
 * complete private key into place wins, the others use it, and the public key is always derived from the private key
 * on disk. (Each process used to write its own pair: a service kept a public key whose private half another had
 * overwritten, and every token was a 401 there.)
 */
export function loadOrCreateDevKeys(dir: string = DEV_KEYS_DIR): KeyPair {
  const priv = join(dir, 'jwt-private.pem');
  const pub = join(dir, 'jwt-public.pem');
  const temp = (file: string) => `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  if (!existsSync(priv)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const t = temp(priv);
    writeFileSync(t, generateKeyPair().privateKey, { mode: 0o600 });
    try {
      linkSync(t, priv); // atomic, and fails if another process was first
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    } finally {
      rmSync(t, { force: true });
    }
  }
  const privateKey = readFileSync(priv, 'utf8');
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  if (!existsSync(pub) || readFileSync(pub, 'utf8') !== publicKey) {
    const t = temp(pub);
    writeFileSync(t, publicKey, { mode: 0o644 });
    renameSync(t, pub); // atomic: a reader sees the old file or the whole new one
  }
  return { privateKey, publicKey };
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

// ---- the departments each role works in (what the dev minter accepts) -----------------------

/**
 * The department codes (`dept` claim) each role works in, as the services route work: a police
 * referral goes to `police:<street of the case>` (else `police:district`); the court, legal aid
 * centre and shelter are the district's (`court:beilun`, `legal_aid:beilun`, `shelter:beilun`,
 * the services' COURT_DEPT / LEGAL_AID_CENTRE_DEPT / SHELTER_DEPT defaults); cases from intake are
 * owned by `wf:district` (CASE_OWNER_DEPT / MANDATORY_REPORT_OWNER_DEPT). `<street>` is a street
 * code of `STREETS` (xinqi, daqi, …); `<unit>` is any lower-case name of a reporting institution.
 * A service compares the token's dept with the record's, so a misspelt dept sees nothing.
 */
export const ROLE_DEPARTMENTS: Record<Role, readonly string[]> = {
  hotline_operator: ['wf:district', 'wf:<street>'],
  wf_caseworker: ['wf:district', 'wf:<street>'],
  // ADVL Art. 14: schools, kindergartens, medical institutions, residents'/villagers' committees, social work
  // service agencies, relief-management institutions (救助管理机构) and welfare institutions
  reporter: [
    'school:<unit>',
    'kindergarten:<unit>',
    'hospital:<unit>',
    'committee:<street>',
    'social_work:<unit>',
    'relief:<unit>',
    'welfare:<unit>',
  ],
  police_officer: ['police:<street>', 'police:district'],
  court_clerk: ['court:beilun'],
  legal_aid_officer: ['legal_aid:beilun'],
  justice_bureau_officer: ['justice:beilun'],
  shelter_officer: ['shelter:beilun'],
  health_worker: ['health:beilun', 'counselling:beilun'],
  elder_care_officer: ['civil_affairs:district', 'civil_affairs:<street>'],
  coordinator: ['wcw:district'],
  admin: ['platform:ops'],
};

const STREET_CODES = Object.keys(STREETS);
const UNIT = /^[a-z0-9][a-z0-9_-]{0,40}$/;

function matches(template: string, dept: string): boolean {
  const [kind, unit] = template.split(':') as [string, string];
  const colon = dept.indexOf(':');
  if (colon < 0 || dept.slice(0, colon) !== kind) return false;
  const u = dept.slice(colon + 1);
  if (unit === '<street>') return STREET_CODES.includes(u);
  if (unit === '<unit>') return UNIT.test(u);
  return u === unit;
}

/** Whether `dept` is a department the role works in (see ROLE_DEPARTMENTS). */
export const isKnownDept = (role: Role, dept: string): boolean => ROLE_DEPARTMENTS[role].some((t) => matches(t, dept));

/** Null when the department fits the role, else a message saying which departments do. */
export function checkDevDept(role: Role, dept: string): string | null {
  if (isKnownDept(role, dept)) return null;
  const fits = (Object.keys(ROLE_DEPARTMENTS) as Role[]).filter((r) => isKnownDept(r, dept));
  const lines = [
    `unknown department '${dept}' for role ${role}: a service would match no record with it and return empty lists.`,
    `  ${role} works in: ${ROLE_DEPARTMENTS[role].join(', ')}`,
  ];
  if (ROLE_DEPARTMENTS[role].some((t) => t.endsWith('<street>')))
    lines.push(`  <street> is one of: ${STREET_CODES.join(', ')}`);
  if (fits.length > 0) lines.push(`  '${dept}' is a department of: ${fits.join(', ')}`);
  return lines.join('\n');
}
