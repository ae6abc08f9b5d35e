import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql as dsql } from 'drizzle-orm';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { dlqOf, TOPICS } from '@linkage/contracts';
import {
  caseOpenedEvent as caseOpened,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  testInfra,
} from '@linkage/testing';
import {
  createKafka,
  createProducer,
  ensureTopics,
  IdempotentConsumer,
  TopicTap,
  type Producer,
} from '../src/index.ts';

const logger = pino({ level: 'silent' });

describe('idempotent consumer (real Postgres, real Kafka)', () => {
  let client: DbClient<Record<string, never>>;
  let producer: Producer;
  let dlqTap: TopicTap;
  let consumer: IdempotentConsumer;
  const prefix = freshTopicPrefix();
  const topic = prefix + TOPICS.intake;
  const groupId = 'effects-test';
  const { brokers } = testInfra();
  const kafka = createKafka({ brokers, clientId: 'consumer-test', logger });
  const alwaysFails = new Set<string>();
  const failuresLeft = new Map<string, number>();

  const effects = async (caseId: string) =>
    (await client.db.execute<{ n: number }>(dsql`select count(*)::int as n from effects where case_id = ${caseId}`))[0]!
      .n;

  const newConsumer = () =>
    new IdempotentConsumer({
      kafka,
      db: client.db,
      producer,
      logger,
      groupId,
      topics: [TOPICS.intake],
      topicPrefix: prefix,
      retries: 3,
      retryBaseMs: 20,
      handlers: {
        'intake.case.opened.v1': async (event, tx) => {
          const caseId = event.data.caseId;
          if (alwaysFails.has(event.id)) throw new Error('downstream rule always fails for this case');
          const left = failuresLeft.get(caseId) ?? 0;
          if (left > 0) {
            failuresLeft.set(caseId, left - 1);
            throw new Error('transient failure');
          }
          // No unique constraint: applying an event twice would leave two rows.
          await tx.execute(dsql`insert into effects (case_id, event_id) values (${caseId}, ${event.id})`);
        },
      },
    });

  beforeAll(async () => {
    const url = await freshDatabase('consumer');
    await runMigrations(url);
    client = createDb(url, {});
    await client.sql`create table effects (id serial primary key, case_id uuid not null, event_id uuid not null)`;
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
    dlqTap = await new TopicTap(kafka, [dlqOf(topic)]).start();
    consumer = newConsumer();
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await dlqTap?.stop();
    await producer?.disconnect();
    await client?.close();
  });

  const send = (key: string, value: string) => producer.send({ topic, acks: -1, messages: [{ key, value }] });

  it('applies a redelivered event once (same event sent twice, then the whole topic replayed)', async () => {
    const e = caseOpened();
    await send(e.subject, JSON.stringify(e));
    await send(e.subject, JSON.stringify(e)); // a relay re-send after a crash between ack and mark
    const marker = caseOpened(e.subject);
    await send(marker.subject, JSON.stringify(marker));
    await eventually(async () => (await effects(e.subject)) === 2, 'the event and the marker applied');
    expect(consumer.duplicates).toBeGreaterThanOrEqual(1);

    // Crash-style redelivery: rewind the group to the start and consume everything again.
    await consumer.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: prefix + groupId, topic, earliest: true });
    await admin.disconnect();
    consumer = newConsumer();
    await consumer.start();
    await eventually(() => consumer.duplicates >= 3, 'the replayed events to be seen as duplicates');
    expect(await effects(e.subject)).toBe(2);
    const inboxRows = await client.db.execute<{ n: number }>(
      dsql`select count(*)::int as n from inbox where event_id = ${e.id}`,
    );
    expect(inboxRows[0]!.n).toBe(1);
  });

  it('retries a failing handler with backoff and applies it once it succeeds', async () => {
    const e = caseOpened();
    failuresLeft.set(e.subject, 2);
    await send(e.subject, JSON.stringify(e));
    await eventually(async () => (await effects(e.subject)) === 1, 'the event applied after two failures');
    expect(dlqTap.messages.some((m) => m.key === e.subject)).toBe(false);
  });

  it('sends poison messages to the DLQ with the error attached, and the partition moves on', async () => {
    const key = '0190f0f0-0000-7000-8000-00000000beef';
    const poisonHandler = caseOpened(key);
    alwaysFails.add(poisonHandler.id);
    await send(key, '{this is not json');
    const invalid = { ...caseOpened(key), data: { caseId: key, riskLevel: 'apocalyptic' } };
    await send(key, JSON.stringify(invalid));
    await send(key, JSON.stringify(poisonHandler));
    // Same key, so same partition, after the poison: it must still be applied.
    const good = caseOpened(key);
    await send(key, JSON.stringify(good));

    const dead = await dlqTap.waitFor((t) => {
      const mine = t.messages.filter((m) => m.key === key);
      return mine.length >= 3 && mine;
    }, 'three dead letters');
    await eventually(async () => (await effects(key)) >= 1, 'the good event after the poison applied');
    const reasons = dead.map((m) => m.headers['dlq-reason']);
    expect(reasons).toEqual(['validation', 'validation', 'handler']);
    expect(dead[0]?.raw).toBe('{this is not json');
    expect(dead[1]?.headers['dlq-error']).toMatch(/invalid intake.case.opened.v1/);
    expect(dead.every((m) => m.headers['dlq-source-topic'] === topic && m.headers['dlq-consumer'] === groupId)).toBe(
      true,
    );
    const handlerDead = dead.find((m) => m.headers['dlq-reason'] === 'handler');
    expect(handlerDead?.headers['dlq-error']).toBe('downstream rule always fails for this case');
    expect(handlerDead?.event?.id).toBe(poisonHandler.id);
    const applied = await client.db.execute<{ event_id: string }>(
      dsql`select event_id from effects where case_id = ${key}`,
    );
    expect(applied.map((r) => r.event_id)).toEqual([good.id]);
  });
});
