// Re-encrypt a service's personal data with the current key, and recompute its blind indexes, after a rotation.
//   npm run reencrypt -- --service <name> [--batch-size 200]
// Keys, as the service has them: FIELD_ENCRYPTION_KEY + FIELD_ENCRYPTION_KEY_ID (the new key and its id),
// FIELD_ENCRYPTION_OLD_KEYS (kid:base64,… the keys that wrote the rows); BLIND_INDEX_KEY + BLIND_INDEX_KEY_ID +
// BLIND_INDEX_OLD_KEYS likewise (without BLIND_INDEX_KEY_ID the blind indexes are left as they are).
// DATABASE_URL: the service's database (default: its local database on 127.0.0.1:$PG_PORT).
// Idempotent and resumable; when it reports nothing left, the old keys can be removed from the configuration.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { BlindIndexer, FieldCipher, keyringOf } from '../../packages/service-kit/src/crypto.ts';
import { reencryptService, type ReencryptReport } from '../../packages/service-kit/src/reencrypt.ts';
import { ENCRYPTED } from './encrypted-columns.ts';

export const USAGE = `usage: npm run reencrypt -- --service <${Object.keys(ENCRYPTED).join('|')}> [--batch-size <n>]
  Rewrites every encrypted column of the service with the current field key and recomputes its blind indexes with
  the current blind-index key, in batches (one transaction each). Safe to run again, and while the service runs.
  Blind indexes are rotated only with BLIND_INDEX_KEY_ID set (intake writes them with service-kit's BlindIndexer
  and looks them up under every configured key, so give the service the same three variables first).
environment:
  FIELD_ENCRYPTION_KEY, FIELD_ENCRYPTION_KEY_ID   the new key (base64 of 32 bytes) and its id
  FIELD_ENCRYPTION_OLD_KEYS                        kid:base64,… the keys the rows were written with
  BLIND_INDEX_KEY, BLIND_INDEX_KEY_ID, BLIND_INDEX_OLD_KEYS   the same for blind indexes (optional)
  DATABASE_URL                                     default postgres://postgres@127.0.0.1:$PG_PORT/linkage_<service>`;

const DB: Record<string, string> = {
  intake: 'linkage_intake',
  'dv-referral': 'linkage_dv_referral',
  'legal-aid': 'linkage_legal_aid',
  'elder-care': 'linkage_elder_care',
  'case-timeline': 'linkage_case_timeline',
};

export async function reencryptCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  log: (line: string) => void,
): Promise<ReencryptReport> {
  const { values } = parseArgs({
    args: argv,
    options: { service: { type: 'string' }, 'batch-size': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) throw new UsageError(USAGE);
  const service = values.service;
  if (!service || !ENCRYPTED[service])
    throw new UsageError(`--service: one of ${Object.keys(ENCRYPTED).join(', ')}\n${USAGE}`);
  const batchSize = values['batch-size'] === undefined ? 200 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new UsageError('--batch-size: a whole number ≥ 1');
  if (!env.FIELD_ENCRYPTION_KEY || !env.FIELD_ENCRYPTION_KEY_ID)
    throw new UsageError(
      `FIELD_ENCRYPTION_KEY and FIELD_ENCRYPTION_KEY_ID are required (the key to rotate to)\n${USAGE}`,
    );
  const cipher = new FieldCipher(
    keyringOf(env.FIELD_ENCRYPTION_KEY, env.FIELD_ENCRYPTION_KEY_ID, env.FIELD_ENCRYPTION_OLD_KEYS),
  );
  const indexer =
    env.BLIND_INDEX_KEY && env.BLIND_INDEX_KEY_ID
      ? new BlindIndexer(keyringOf(env.BLIND_INDEX_KEY, env.BLIND_INDEX_KEY_ID, env.BLIND_INDEX_OLD_KEYS))
      : undefined;
  const spec = ENCRYPTED[service]!;
  const url = env.DATABASE_URL ?? `postgres://postgres@127.0.0.1:${env.PG_PORT ?? '15432'}/${DB[service]}`;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const report = await reencryptService(sql, indexer ? spec : { ...spec, blindIndexes: [] }, cipher, indexer, {
      batchSize,
      log,
    });
    if (!indexer && spec.blindIndexes?.length)
      log(`blind indexes left as they are (set BLIND_INDEX_KEY_ID to rotate them)`);
    return report;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export class UsageError extends Error {}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const report = await reencryptCommand(process.argv.slice(2), process.env, (l) => console.error(`[reencrypt] ${l}`));
    console.log(JSON.stringify(report));
  } catch (err) {
    console.error(err instanceof UsageError ? err.message : `[reencrypt] ERROR: ${(err as Error).message}`);
    process.exit(err instanceof UsageError && process.argv.includes('--help') ? 0 : 1);
  }
}
