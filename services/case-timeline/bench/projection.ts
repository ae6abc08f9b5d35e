// Benchmark: how fast the timeline projection consumes events, and how long a full rebuild takes.
//   npx tsx services/case-timeline/bench/projection.ts [cases=2000]
// Uses the local Kafka and Postgres (npm run infra:up), a fresh database and fresh topics.
// Each case contributes 3 events (case opened, referral requested, referral created).
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { topicOf, type LinkageEvent } from '@linkage/contracts';
import { ensureDatabase } from '@linkage/db';
import { generateKeyPair } from '@linkage/auth';
import { createKafka, createProducer, ensureTopics } from '@linkage/messaging';
// the module itself: the package's index brings vitest's helpers in
import { dvCaseEvents } from '../../../packages/testing/src/events.ts';
import { buildApp } from '../src/app.ts';
import { timelineConfig } from '../src/config.ts';
import { rebuild } from '../src/application/rebuild.ts';

const cases = Number(process.argv[2] ?? 2000);
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const admin = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:15432/postgres';
const logger = pino({ level: 'warn' });
const suffix = randomBytes(3).toString('hex');
const prefix = `bench${suffix}.`;
const dbUrl = await ensureDatabase(admin, `bench_timeline_${suffix}`);
const env = {
  NODE_ENV: 'test',
  PORT: '0',
  LOG_LEVEL: 'warn',
  DATABASE_URL: dbUrl,
  KAFKA_BROKERS: brokers,
  TOPIC_PREFIX: prefix,
  JWT_PUBLIC_KEY: generateKeyPair().publicKey,
  FIELD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  SCHEDULER_ENABLED: 'false',
};
const kafka = createKafka({ brokers: brokers.split(','), clientId: 'bench', logger });
await ensureTopics(kafka, prefix);

const events: LinkageEvent[] = [];
for (let i = 0; i < cases; i++) events.push(...dvCaseEvents(randomUUID(), Date.now()));
const producer = createProducer(kafka);
await producer.connect();
for (let i = 0; i < events.length; i += 500) {
  const chunk = events.slice(i, i + 500);
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const e of chunk)
    byTopic.set(prefix + topicOf(e.type), [
      ...(byTopic.get(prefix + topicOf(e.type)) ?? []),
      { key: e.subject, value: JSON.stringify(e) },
    ]);
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}
await producer.disconnect();
console.log(`produced ${events.length} events for ${cases} cases`);

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
let cpu0 = process.cpuUsage();
const app = await buildApp(timelineConfig(env), { logger });
const t0 = Date.now();
await app.ready();
for (;;) {
  const [row] = await app.store.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox`);
  if ((row?.n ?? 0) >= events.length) break;
  await new Promise((r) => setTimeout(r, 100));
}
const live = (Date.now() - t0) / 1000;
const liveCpu = cpuMs(process.cpuUsage(cpu0)) / events.length;
console.log(
  `live projection: ${events.length} events in ${live.toFixed(1)} s = ${Math.round(events.length / live)} events/s (incl. consumer start and group join), ${liveCpu.toFixed(3)} ms of this process's CPU per event`,
);
cpu0 = process.cpuUsage();
await app.close();
const result = await rebuild(timelineConfig(env), logger);
console.log(
  `full rebuild: ${result.events} events replayed in ${result.seconds.toFixed(1)} s = ${Math.round(result.events / result.seconds)} events/s (incl. consumer start and group join), ${(cpuMs(process.cpuUsage(cpu0)) / result.events).toFixed(3)} ms of this process's CPU per event`,
);
process.exit(0);
