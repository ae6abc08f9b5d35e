import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql as dsql } from 'drizzle-orm';
import { createDb, runMigrations, outbox, type DbClient } from '@linkage/db';
import { TOPICS } from '@linkage/contracts';
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
  enqueue,
  ensureTopics,
  OutboxRelay,
  TopicTap,
  type Producer,
} from '../src/index.ts';

const logger = pino({ level: 'warn' });

describe('transactional outbox relay (real Postgres, real Kafka)', () => {
  let client: DbClient<Record<string, never>>;
  let producer: Producer;
  let tap: TopicTap;
  const prefix = freshTopicPrefix();
  const { brokers } = testInfra();
  const kafka = createKafka({ brokers, clientId: 'outbox-test', logger });
  const relays: OutboxRelay[] = [];
  /** A relay of this test's service (one lock: one leader among them), stopped after the file. */
  const newRelay = (o: { pollMs: number; standbyMs?: number; batchSize?: number }) => {
    const relay = new OutboxRelay({
      sql: client.sql,
      session: client.session,
      producer,
      logger,
      service: `test-${prefix}`,
      topicPrefix: prefix,
      ...o,
    });
    relays.push(relay);
    return relay;
  };

  beforeAll(async () => {
    const url = await freshDatabase('outbox');
    await runMigrations(url);
    client = createDb(url, {});
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
    tap = await new TopicTap(kafka, [prefix + TOPICS.intake]).start();
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await tap?.stop();
    await producer?.disconnect();
    await client?.close();
  });

  it('publishes committed events, never an event written in a rolled-back transaction', async () => {
    const rolledBack = caseOpened();
    await expect(
      client.db.transaction(async (tx) => {
        await enqueue(tx, [rolledBack]);
        throw new Error('business rule failed after the outbox write');
      }),
    ).rejects.toThrow('business rule failed');

    const committed = [caseOpened(), caseOpened(), caseOpened()];
    await client.db.transaction(async (tx) => enqueue(tx, committed));

    const relay = newRelay({ pollMs: 200 });
    relay.start();

    await tap.waitFor((t) => committed.every((e) => t.events.some((x) => x.id === e.id)), 'the three committed events');
    // The broker has them all; give any wrongly-published event the same chance to arrive, then check it did not.
    const marker = caseOpened();
    await client.db.transaction(async (tx) => enqueue(tx, [marker]));
    await tap.waitFor((t) => t.events.some((x) => x.id === marker.id), 'a later marker event');
    expect(tap.events.some((e) => e.id === rolledBack.id)).toBe(false);

    // Every published row is marked; the rolled-back one was never written.
    const rows = await client.db.select({ eventId: outbox.eventId, publishedAt: outbox.publishedAt }).from(outbox);
    expect(rows.map((r) => r.eventId).sort()).toEqual([...committed, marker].map((e) => e.id).sort());
    await eventually(async () => {
      const left = await client.db
        .select()
        .from(outbox)
        .where(dsql`published_at is null`);
      return left.length === 0;
    }, 'all rows marked published');
  });

  it('keys messages by case id and keeps one case in order', async () => {
    const caseId = '0190f0f0-0000-7000-8000-000000000001';
    const events = Array.from({ length: 20 }, () => caseOpened(caseId));
    for (const e of events) await client.db.transaction(async (tx) => enqueue(tx, [e]));
    const seen = await tap.waitFor((t) => {
      const mine = t.messages.filter((m) => m.key === caseId);
      return mine.length >= events.length && mine;
    }, '20 events of one case');
    expect(new Set(seen.map((m) => m.partition)).size).toBe(1);
    expect(seen.map((m) => m.event?.id)).toEqual(events.map((e) => e.id));
    expect(seen[0]?.headers['ce-type']).toBe('intake.case.opened.v1');
  });

  it('wakes on NOTIFY rather than waiting for the fallback poll', async () => {
    const relay = relays[0]!;
    // Make the fallback poll irrelevant: a 30 s poll would fail the 5 s bound below.
    await relay.stop();
    const fast = newRelay({ pollMs: 30_000 });
    fast.start();
    await eventually(() => fast.role === 'leader', 'relay to lead');
    const e = caseOpened();
    await client.db.transaction(async (tx) => enqueue(tx, [e]));
    await tap.waitFor((t) => t.events.some((x) => x.id === e.id), 'event published after NOTIFY', 5_000);
  });

  it('lets exactly one relay of a service lead; a standby takes over when the leader stops', async () => {
    const a = relays[relays.length - 1]!;
    const b = newRelay({ pollMs: 200, standbyMs: 200 });
    b.start();
    await eventually(() => b.role === 'standby', 'second relay to stand by');
    expect(a.role).toBe('leader');

    await a.stop();
    await eventually(() => b.role === 'leader', 'standby to take over');
    const e = caseOpened();
    await client.db.transaction(async (tx) => enqueue(tx, [e]));
    await tap.waitFor((t) => t.events.some((x) => x.id === e.id), 'event published by the new leader');
    expect(tap.events.filter((x) => x.id === e.id)).toHaveLength(1);
  });

  it('sends a burst larger than a batch once each, as written, and marks every row (the mark rides on the next read)', async () => {
    await Promise.all(relays.map((r) => r.stop()));
    const relay = newRelay({ batchSize: 40, pollMs: 30_000 });
    relay.start();
    await eventually(() => relay.role === 'leader', 'relay to lead');
    const burst = Array.from({ length: 150 }, () => caseOpened());
    for (let i = 0; i < burst.length; i += 50)
      await client.db.transaction(async (tx) => enqueue(tx, burst.slice(i, i + 50)));
    await tap.waitFor((t) => burst.every((e) => t.events.some((x) => x.id === e.id)), 'the 150 events');
    await eventually(async () => {
      const [row] = await client.sql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null`;
      return row?.n === 0;
    }, 'every row marked published');
    for (const e of burst) {
      const copies = tap.events.filter((x) => x.id === e.id);
      expect(copies, `event ${e.id} sent once`).toHaveLength(1);
      expect(copies[0]).toEqual(e);
    }
    expect(relay.published).toBe(burst.length);
  });
});
