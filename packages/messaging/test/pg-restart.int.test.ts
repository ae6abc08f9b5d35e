import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql as dsql } from 'drizzle-orm';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { dlqOf, TOPICS } from '@linkage/contracts';
import {
  caseOpenedEvent as caseOpened,
  eventually,
  freshTopicPrefix,
  startPrivatePostgres,
  testInfra,
  type PrivatePostgres,
} from '@linkage/testing';
import {
  createKafka,
  createProducer,
  enqueue,
  ensureTopics,
  IdempotentConsumer,
  OutboxRelay,
  TopicTap,
  type Producer,
} from '../src/index.ts';

const logger = pino({ level: 'silent' });

/**
 * Postgres restarts under the relay and a consumer (issue 10, items 2 and 6). The database is a
 * private cluster of this file's own (never the shared one); Kafka is the shared broker.
 */
describe('riding through a Postgres restart (private Postgres, real Kafka)', () => {
  let pg: PrivatePostgres;
  let src: DbClient<Record<string, never>>; // the publishing service's database (outbox)
  let dst: DbClient<Record<string, never>>; // the consuming service's database (inbox + effects)
  let producer: Producer;
  let tap: TopicTap;
  let dlqTap: TopicTap;
  let relay: OutboxRelay;
  let consumer: IdempotentConsumer;
  const prefix = freshTopicPrefix();
  const topic = prefix + TOPICS.intake;
  const { brokers } = testInfra();
  const kafka = createKafka({ brokers, clientId: 'pg-restart-test', logger });
  const poison = new Set<string>();
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);

  const effectsOf = async (ids: string[]) =>
    await dst.sql<
      { event_id: string; n: number }[]
    >`select event_id, count(*)::int as n from effects where event_id in ${dst.sql(ids)} group by event_id`;

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    pg = await startPrivatePostgres();
    const srcUrl = await pg.database('src');
    const dstUrl = await pg.database('dst');
    await runMigrations(srcUrl);
    await runMigrations(dstUrl);
    src = createDb(srcUrl, {}, { max: 4 });
    dst = createDb(dstUrl, {}, { max: 4 });
    // No unique constraint: applying an event twice would leave two rows.
    await dst.sql`create table effects (id serial primary key, case_id uuid not null, event_id uuid not null)`;
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [topic]).start();
    dlqTap = await new TopicTap(kafka, [dlqOf(topic)]).start();
    // A 30 s fallback poll: anything published within seconds was woken by NOTIFY.
    relay = new OutboxRelay({
      sql: src.sql,
      session: src.session,
      producer,
      logger,
      service: `pgr-${prefix}`,
      topicPrefix: prefix,
      pollMs: 30_000,
      standbyMs: 200,
    });
    relay.start();
    consumer = new IdempotentConsumer({
      kafka,
      db: dst.db,
      producer,
      logger,
      groupId: 'pg-restart',
      topics: [TOPICS.intake],
      topicPrefix: prefix,
      retries: 3,
      retryBaseMs: 50,
      handlers: {
        'intake.case.opened.v1': async (event, tx) => {
          if (poison.has(event.id)) throw new Error('this event breaks a rule of the consuming service');
          await tx.execute(dsql`insert into effects (case_id, event_id) values (${event.data.caseId}, ${event.id})`);
        },
      },
    });
    await consumer.start();
    await consumer.whenJoined(60_000);
    await eventually(() => relay.role === 'leader', 'the relay to lead');
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await tap?.stop();
    await dlqTap?.stop();
    await producer?.disconnect();
    await src?.close();
    await dst?.close();
    await pg?.destroy();
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
  });

  it('an immediate Postgres restart under load: nothing crashes, every outbox row is published and applied exactly once, the relay leads again and LISTEN works', async () => {
    const acknowledged: string[] = [];
    let writeErrors = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const e = caseOpened();
        try {
          await src.db.transaction(async (tx) => enqueue(tx, [e]));
          acknowledged.push(e.id);
        } catch {
          writeErrors++; // during the outage; whether it committed is what the outbox says
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    })();

    await eventually(
      () => acknowledged.length >= 40 && tap.events.length >= 20,
      'load flowing through relay and consumer before the crash',
      30_000,
    );
    const before = acknowledged.length;
    await pg.restart('immediate');
    await eventually(() => acknowledged.length >= before + 40, 'writes to succeed again after the restart', 60_000);
    writing = false;
    await writer;
    expect(writeErrors, 'the outage was seen by the writer').toBeGreaterThan(0);

    // The truth after recovery: the outbox rows (every acknowledged write is one of them).
    const rows = await src.sql<
      { event_id: string; published: boolean }[]
    >`select event_id, published_at is not null as published from outbox`;
    const ids = rows.map((r) => r.event_id);
    expect(ids).toEqual(expect.arrayContaining(acknowledged));

    await eventually(
      async () => (await src.sql`select 1 from outbox where published_at is null`).length === 0,
      'every outbox row marked published',
      60_000,
    );
    await tap.waitFor(
      (t) => ids.every((id) => t.events.some((e) => e.id === id)),
      `all ${ids.length} outbox events on the topic`,
      60_000,
    );
    await eventually(async () => (await effectsOf(ids)).length === ids.length, 'every event applied', 60_000);

    const effects = await effectsOf(ids);
    expect(
      effects.filter((e) => e.n !== 1),
      'applied more than once',
    ).toEqual([]);
    const onTopic = tap.events.map((e) => e.id);
    expect(
      onTopic.filter((id) => !ids.includes(id)),
      'published but not in the outbox',
    ).toEqual([]);
    const resent = onTopic.length - new Set(onTopic).size;
    expect(dlqTap.messages, 'nothing dead-lettered').toEqual([]);
    expect(uncaught, 'no uncaught exception or unhandled rejection').toEqual([]);
    expect(relay.role).toBe('leader');

    // LISTEN came back with the session: an event is published well within the 30 s fallback poll.
    const marker = caseOpened();
    await src.db.transaction(async (tx) => enqueue(tx, [marker]));
    await tap.waitFor(
      (t) => t.events.some((e) => e.id === marker.id),
      'an event published on NOTIFY after the restart',
      5_000,
    );
    console.log(
      `postgres restart under load: ${ids.length} outbox rows, ${acknowledged.length} acknowledged writes, ${writeErrors} failed writes, ${resent} re-sends, ${consumer.transientRetries} transient consumer retries`,
    );
  });

  it('events arriving while the database is down wait for it (never the DLQ); a poison event on a healthy database still goes to the DLQ', async () => {
    await pg.stop('immediate');
    const events = Array.from({ length: 12 }, () => caseOpened());
    const retriesBefore = consumer.transientRetries;
    try {
      for (const e of events)
        await producer.send({ topic, acks: -1, messages: [{ key: e.subject, value: JSON.stringify(e) }] });
      // The consumer is retrying against the dead database for longer than its retry budget would last.
      await eventually(
        () => consumer.transientRetries >= retriesBefore + 10,
        'the consumer to keep retrying while the database is down',
        60_000,
      );
      expect(dlqTap.messages).toEqual([]);
      expect(consumer.state).toBe('joined');
    } finally {
      await pg.start();
    }
    const ids = events.map((e) => e.id);
    await eventually(
      async () => (await effectsOf(ids)).length === ids.length,
      'every event applied after the database came back',
      60_000,
    );
    expect((await effectsOf(ids)).every((e) => e.n === 1)).toBe(true);
    expect(consumer.deadLettered).toBe(0);

    const bad = caseOpened();
    poison.add(bad.id);
    const after = caseOpened(bad.subject);
    await producer.send({
      topic,
      acks: -1,
      messages: [bad, after].map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
    const dead = await dlqTap.waitFor(
      (t) => t.messages.find((m) => m.event?.id === bad.id),
      'the poison event in the DLQ',
      30_000,
    );
    expect(dead.headers['dlq-reason']).toBe('handler');
    expect(dead.headers['dlq-error']).toBe('this event breaks a rule of the consuming service');
    await eventually(async () => (await effectsOf([after.id])).length === 1, 'the next event of the same case applied');
    expect(dlqTap.messages).toHaveLength(1);
    expect(uncaught).toEqual([]);
  });
});
