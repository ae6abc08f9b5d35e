import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface TestInfra {
  brokers: string;
  pgAdminUrl: string;
  stop: () => Promise<void>;
  kind: 'env' | 'testcontainers' | 'local';
}

function dockerAvailable(): boolean {
  if (process.env.DOCKER_HOST) return true;
  if (!existsSync('/var/run/docker.sock')) return false;
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Where tests find Kafka and Postgres: the environment if it names them (KAFKA_BROKERS and
 * PG_ADMIN_URL or DATABASE_URL), else testcontainers where a Docker engine runs, else the
 * project's local infrastructure (infra/local/up.sh: Maven-fetched Kafka, private Postgres).
 */
export async function resolveInfra(): Promise<TestInfra> {
  const envBrokers = process.env.KAFKA_BROKERS;
  const envPg = process.env.PG_ADMIN_URL ?? process.env.DATABASE_URL;
  if (envBrokers && envPg) return { brokers: envBrokers, pgAdminUrl: envPg, stop: async () => {}, kind: 'env' };

  if (dockerAvailable()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const [pg, kafka] = await Promise.all([
      new PostgreSqlContainer('postgres:16-alpine').withUsername('postgres').withPassword('postgres').start(),
      new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().start(),
    ]);
    return {
      brokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      pgAdminUrl: pg.getConnectionUri().replace(/\/[^/]*$/, '/postgres'),
      stop: async () => {
        await Promise.all([pg.stop(), kafka.stop()]);
      },
      kind: 'testcontainers',
    };
  }

  // Idempotent: reuses a running local infrastructure, else starts it (and leaves it running
  // for the next run; `npm run infra:down` stops it, `npm test` stops what it started).
  execFileSync('bash', [resolve(REPO_ROOT, 'infra/local/up.sh')], {
    stdio: 'inherit',
    env: { ...process.env, SKIP_TOPICS: '1' },
  });
  const port = process.env.KAFKA_PORT ?? '19092';
  const pgPort = process.env.PG_PORT ?? '15432';
  return {
    brokers: `127.0.0.1:${port}`,
    pgAdminUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
    stop: async () => {},
    kind: 'local',
  };
}
