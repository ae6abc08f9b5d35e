// The logic of `npm run token`, separate from the entry point so it can be tested without a process.
import { parseArgs } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { ROLES } from '@linkage/contracts';
import { checkDevDept, mintToken, ROLE_DEPARTMENTS } from '../dev-keys.ts';
import { TokenClaims } from '../principal.ts';
import { MAX_TOKEN_LIFETIME_SECONDS } from '../plugin.ts';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  /** The private key to sign with (loaded only when a token is actually minted). */
  privateKey(): string;
}

export function usage(): string {
  const width = Math.max(...ROLES.map((r) => r.length));
  return [
    'Mint a local access token (signed with the dev key pair in .dev-keys/).',
    '',
    'usage: npm run -s token -- --role <role> --dept <department> [--sub id] [--streets xinqi,daqi] [--ttl seconds]',
    '',
    '  --role      one of the roles below',
    '  --dept      a department of that role (below); <street> is a street code (xinqi, daqi, …)',
    '  --sub       the account id (default dev-<role>)',
    '  --streets   street jurisdiction, comma-separated street codes (optional)',
    '  --ttl       lifetime in seconds (default 28800 = 8 h)',
    '  --allow-unknown-dept   mint with a department not listed below (a deployment that configured its own)',
    '  -h, --help  this text',
    '',
    'roles and the departments they work in:',
    ...ROLES.map((r) => `  ${r.padEnd(width)}  ${ROLE_DEPARTMENTS[r].join(', ')}`),
    '',
    'example: TOKEN=$(npm run -s token -- --role police_officer --dept police:xinqi)',
  ].join('\n');
}

/** Run the token command; returns the process exit code (0 minted or help, 2 bad arguments). */
export function runTokenCli(argv: string[], io: CliIo): number {
  let values: {
    role?: string;
    dept?: string;
    sub?: string;
    streets?: string;
    ttl?: string;
    help?: boolean;
    'allow-unknown-dept'?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        dept: { type: 'string' },
        sub: { type: 'string' },
        streets: { type: 'string' },
        ttl: { type: 'string', default: '28800' },
        help: { type: 'boolean', short: 'h' },
        'allow-unknown-dept': { type: 'boolean' },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${usage()}`);
    return 2;
  }
  if (values.help) {
    io.out(usage());
    return 0;
  }
  const claims = {
    sub: values.sub ?? `dev-${values.role ?? 'user'}`,
    role: values.role,
    dept: values.dept,
    ...(values.streets ? { streets: values.streets.split(',') } : {}),
  };
  if (!Value.Check(TokenClaims, claims)) {
    const errors = [...Value.Errors(TokenClaims, claims)].map(
      (e) => `  ${e.path || '/'}: ${e.value === undefined ? 'missing' : e.message}`,
    );
    io.err(`invalid token claims:\n${errors.join('\n')}\n\n${usage()}`);
    return 2;
  }
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > MAX_TOKEN_LIFETIME_SECONDS) {
    io.err(
      `--ttl: a whole number of seconds from 1 to ${MAX_TOKEN_LIFETIME_SECONDS} (the services refuse longer-lived tokens), not '${values.ttl}'`,
    );
    return 2;
  }
  if (!values['allow-unknown-dept']) {
    const problem = checkDevDept(claims.role, claims.dept);
    if (problem) {
      io.err(
        `${problem}\n  (--allow-unknown-dept mints it anyway; npm run token -- --help lists every role's departments)`,
      );
      return 2;
    }
  }
  io.out(mintToken(claims, { privateKey: io.privateKey(), ttlSeconds: ttl }));
  return 0;
}
