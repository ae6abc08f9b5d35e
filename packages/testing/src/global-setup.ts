import type { TestProject } from 'vitest/node';
import { resolveInfra } from './infra.ts';
import './context.ts';

/** vitest globalSetup for int and e2e tiers: find or start real Kafka and Postgres once per run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infra = await resolveInfra();
  process.env.KAFKA_BROKERS = infra.brokers;
  process.env.PG_ADMIN_URL = infra.pgAdminUrl;
  project.provide('kafkaBrokers', infra.brokers);
  project.provide('pgAdminUrl', infra.pgAdminUrl);
  return infra.stop;
}
