// Benchmark: how fast dv-referral applies intake's events (issue 15's target: >= 2,000 referral requests/s).
//   npx tsx services/dv-referral/bench/referrals.ts [events=6000] [requests|cases]
// requests (default, as `npm run bench` section 5): one high-risk DV request per new case (one police referral).
// cases: intake's whole story per case (test/fixtures.ts caseStory): case.opened, a request (most with shelter,
// counselling and her court application), half of them a case.updated after it.
// Uses the local Kafka and Postgres (npm run infra:up), a fresh database and fresh topics. dv-referral runs in this
// process; it joins its group first, then the events are produced and timed until every one is in its inbox.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { topicOf, type LinkageEvent, type Street } from '@linkage/contracts';
import { ensureDatabase } from '@linkage/db';
import { generateKeyPair } from '@linkage/auth';
import { createKafka, createProducer, ensureTopics } from '@linkage/messaging';
import { referralRequestedEvent } from '../../../packages/testing/src/events.ts';
import { buildApp } from '../src/app.ts';
import { dvConfig } from '../src/config.ts';
import { caseStory } from '../test/fixtures.ts';

const n = Number(process.argv[2] ?? 6000);
const mode = process.argv[3] ?? 'requests';
if (mode !== 'requests' && mode !== 'cases') throw new Error('mode: requests or cases');
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const admin = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:15432/postgres';
const logger = pino({ level: 'warn' });
const suffix = randomBytes(3).toString('hex');
const prefix = `bench${suffix}dv.`;
const dbUrl = await ensureDatabase(admin, `bench_dv_${suffix}`);
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
  RELAY_ENABLED: 'false',
};
const kafka = createKafka({ brokers: brokers.split(','), clientId: 'bench', logger });
await ensureTopics(kafka, prefix);

const streets: Street[] = ['xinqi', 'daqi', 'xiapu', 'chaiqiao'];
const events: LinkageEvent[] = [];
const at = new Date();
for (let i = 0; events.length < n; i++)
  if (mode === 'requests') events.push(referralRequestedEvent({ street: streets[i % streets.length]! }));
  else events.push(...caseStory(i, at).events);
events.length = n;

const app = await buildApp(dvConfig(env), { logger });
await app.ready();
await app.messaging.consumers[0]!.whenJoined();
const producer = createProducer(kafka);
await producer.connect();
const t0 = performance.now();
for (let i = 0; i < events.length; i += 1000) {
  const byTopic = new Map<string, { key: string; value: string }[]>();
  for (const e of events.slice(i, i + 1000)) {
    const topic = prefix + topicOf(e.type);
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: e.subject, value: JSON.stringify(e) }]);
  }
  await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
}
const deadline = Date.now() + 300_000;
let applied = 0;
while (Date.now() < deadline) {
  const [row] = await app.store.db.execute<{ n: number }>(sql`select count(*)::int as n from inbox`);
  applied = row?.n ?? 0;
  if (applied >= events.length) break;
  await new Promise((r) => setTimeout(r, 50));
}
const seconds = (performance.now() - t0) / 1000;
const [counts] = await app.store.db.execute<{ referrals: number; orders: number; outbox: number }>(
  sql`select (select count(*)::int from referrals) as referrals, (select count(*)::int from protection_orders) as orders,
    (select count(*)::int from outbox) as outbox`,
);
const c = app.messaging.consumers[0]!;
console.log(
  `dv-referral (${mode}): ${applied} of ${events.length} events in ${seconds.toFixed(2)} s = ` +
    `${Math.round(applied / seconds)} events/s; ${counts?.referrals} referrals, ${counts?.orders} orders, ` +
    `${counts?.outbox} outbox events; ${c.batches} batches, ${c.batchFallbacks} fallbacks`,
);
await producer.disconnect();
await app.close();
process.exit(applied >= events.length ? 0 : 1);
