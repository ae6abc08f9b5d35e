// Wait until the Kafka broker can serve groups and idempotent producers (infra/local/kafka.sh up runs this
// after the broker answers metadata, so services started next find it ready and log no errors).
//   tsx packages/messaging/src/cli/broker-ready.ts [--timeout-ms n]
// Environment: KAFKA_BROKERS (default 127.0.0.1:19092).
import { waitForBrokerReady } from '../broker-ready.ts';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
const i = process.argv.indexOf('--timeout-ms');
const timeoutMs = i > 0 ? Number(process.argv[i + 1]) : 120_000;
const t0 = Date.now();
try {
  await waitForBrokerReady({ brokers, timeoutMs });
  console.error(`[infra] kafka ready for groups and producers in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
} catch (err) {
  console.error(`[infra] ERROR: ${(err as Error).message}`);
  process.exit(1);
}
