// Mint a dev access token from the local dev key pair.
//   npm run token -- --role police_officer --dept police:xinqi [--sub officer-7] [--streets xinqi,daqi] [--ttl 28800]
import { parseArgs } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { ROLES } from '@linkage/contracts';
import { loadOrCreateDevKeys, mintToken } from '../dev-keys.ts';
import { TokenClaims } from '../principal.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    dept: { type: 'string' },
    sub: { type: 'string' },
    streets: { type: 'string' },
    ttl: { type: 'string', default: '28800' },
  },
});
const claims = {
  sub: values.sub ?? `dev-${values.role ?? 'user'}`,
  role: values.role,
  dept: values.dept,
  ...(values.streets ? { streets: values.streets.split(',') } : {}),
};
if (!Value.Check(TokenClaims, claims)) {
  console.error(`usage: npm run token -- --role <${ROLES.join('|')}> --dept <kind:unit, e.g. police:xinqi> [--sub id] [--streets xinqi,daqi] [--ttl seconds]`);
  for (const e of Value.Errors(TokenClaims, claims)) console.error(`  ${e.path || '/'}: ${e.message}`);
  process.exit(2);
}
const { privateKey } = loadOrCreateDevKeys();
process.stdout.write(mintToken(claims, { privateKey, ttlSeconds: Number(values.ttl) }) + '\n');
