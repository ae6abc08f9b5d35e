import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BUNDLES_ENV } from './bundle.ts';
import { resolveInfra } from './infra.ts';
import './context.ts';

/**
 * vitest globalSetup for int and e2e tiers: find or start real Kafka and Postgres once per run, and make
 * the folder where startService builds this run's service bundles (on first use; removed at the end).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infra = await resolveInfra();
  process.env.KAFKA_BROKERS = infra.brokers;
  process.env.PG_ADMIN_URL = infra.pgAdminUrl;
  project.provide('kafkaBrokers', infra.brokers);
  project.provide('pgAdminUrl', infra.pgAdminUrl);
  const bundles = mkdtempSync(join(tmpdir(), 'linkage-service-bundles-'));
  process.env[BUNDLES_ENV] = bundles;
  return async () => {
    rmSync(bundles, { recursive: true, force: true });
    await infra.stop();
  };
}
