import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { BUNDLES_ENV } from './bundle.ts';
import { REPO_ROOT, resolveInfra } from './infra.ts';
import './context.ts';

/**
 * vitest globalSetup for int and e2e tiers: find or start real Kafka and Postgres once per run, and make
 * the folder where startService builds this run's service bundles (on first use; removed at the end).
 *
 * Each run gets a scope (`LINKAGE_TEST_SCOPE`, hex: `npm test`'s run id, then its own) that starts the name of every
 * database and topic prefix its tests make (helpers.ts), and at its end drops those databases and deletes those
 * topics: a Postgres and a broker that outlive the run (the local infrastructure, a developer's) otherwise kept them
 * all: this machine's local cluster had 1,600 leftover databases and its broker 1,080 leftover topics (3,300
 * partitions). `LINKAGE_KEEP_TEST_DATA=1` keeps them for a look after a failure.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infra = await resolveInfra();
  process.env.KAFKA_BROKERS = infra.brokers;
  process.env.PG_ADMIN_URL = infra.pgAdminUrl;
  project.provide('kafkaBrokers', infra.brokers);
  project.provide('pgAdminUrl', infra.pgAdminUrl);
  const run = process.env.LINKAGE_TEST_RUN ?? '';
  const scope = `${/^[0-9a-f]{1,16}$/.test(run) ? run : ''}${randomBytes(3).toString('hex')}`;
  process.env.LINKAGE_TEST_SCOPE = scope; // the workers inherit it
  const bundles = mkdtempSync(join(tmpdir(), 'linkage-service-bundles-'));
  process.env[BUNDLES_ENV] = bundles;
  return async () => {
    rmSync(bundles, { recursive: true, force: true });
    if (process.env.LINKAGE_KEEP_TEST_DATA !== '1') await removeRunData(scope, infra.pgAdminUrl, infra.brokers);
    await infra.stop();
  };
}

/** Drop the run's databases and delete its topics (best effort: a leftover costs disk and a little CPU only). */
async function removeRunData(scope: string, pgAdminUrl: string, brokers: string): Promise<void> {
  const sql = postgres(pgAdminUrl, { max: 4, onnotice: () => {} });
  try {
    const names = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like ${`t${scope}\\_%`}`;
    // four at a time; `with (force)` ends connections a service a test did not stop may still hold
    for (let i = 0; i < names.length; i += 4)
      await Promise.all(
        names.slice(i, i + 4).map(({ datname }) => sql.unsafe(`drop database if exists "${datname}" with (force)`)),
      );
  } catch (err) {
    console.warn(`[test] could not drop this run's databases (t${scope}_*): ${(err as Error).message}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  // Under npm test, infra/test.sh deletes the whole run's topics once at its end (prefix t<LINKAGE_TEST_RUN>).
  if (process.env.LINKAGE_TEST_RUN) return;
  try {
    execFileSync(
      resolve(REPO_ROOT, 'node_modules/.bin/tsx'),
      [resolve(REPO_ROOT, 'infra/scripts/delete-test-topics.ts')],
      { env: { ...process.env, LINKAGE_TEST_RUN: scope, KAFKA_BROKERS: brokers }, stdio: 'inherit', timeout: 120_000 },
    );
  } catch (err) {
    console.warn(`[test] could not delete this run's topics (t${scope}*): ${(err as Error).message}`);
  }
}
