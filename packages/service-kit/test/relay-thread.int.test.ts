import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql as dsql } from 'drizzle-orm';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { TOPICS } from '@linkage/contracts';
import { createKafka, enqueue, ensureTopics, TopicTap } from '@linkage/messaging';
import {
  caseOpenedEvent as caseOpened,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  testInfra,
} from '@linkage/testing';
import { ThreadedRelay } from '../src/relay-thread.ts';

const logger = pino({ level: 'warn' });
/** A thread started under tsx on a loaded machine transpiles its modules first: the waits are bounded, not tight. */
const WAIT_MS = 60_000;

describe('the outbox relay on a thread of its own (real Postgres, real Kafka)', () => {
  let client: DbClient<Record<string, never>>;
  let url: string;
  let tap: TopicTap;
  const prefix = freshTopicPrefix();
  const service = `relay-thread-${prefix.replace(/\W/g, '')}`;
  const { brokers } = testInfra();
  const kafka = createKafka({ brokers, clientId: 'relay-thread-test', logger });
  const relays: ThreadedRelay[] = [];
  const newRelay = () => {
    const r = new ThreadedRelay(
      { service, databaseUrl: url, brokers, topicPrefix: prefix, pollMs: 200, logLevel: 'warn' },
      logger,
    );
    relays.push(r);
    return r;
  };
  const relayConnections = async () =>
    (
      await client.sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where application_name like ${`${service}-relay%`}`
    )[0]!.n;

  beforeAll(async () => {
    url = await freshDatabase('relaythread');
    await runMigrations(url);
    client = createDb(url, {});
    await ensureTopics(kafka, prefix);
    tap = await new TopicTap(kafka, [prefix + TOPICS.intake]).start();
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await tap?.stop();
    await client?.close();
  });

  it('publishes committed rows once, marks them, reports its role and count; a second one stands by', async () => {
    const first = [caseOpened(), caseOpened(), caseOpened()];
    await client.db.transaction(async (tx) => enqueue(tx, first));

    const leader = newRelay();
    expect(leader.role).toBe('stopped');
    leader.start();
    await tap.waitFor((t) => first.every((e) => t.events.some((x) => x.id === e.id)), 'the three events', WAIT_MS);
    await eventually(
      async () => leader.role === 'leader' && leader.published === 3,
      'the thread to report leadership and three events published',
      WAIT_MS,
    );
    const unpublished = async () =>
      (
        await client.db.execute<{ n: number }>(dsql`select count(*)::int as n from outbox where published_at is null`)
      )[0]!.n;
    expect(await unpublished()).toBe(0);

    // A second relay of the same service (another instance) stands by while the first leads.
    const standby = newRelay();
    standby.start();
    await eventually(async () => standby.role === 'standby', 'the second relay to stand by', WAIT_MS);

    // The NOTIFY of a later commit wakes the leading thread.
    const later = caseOpened();
    await client.db.transaction(async (tx) => enqueue(tx, [later]));
    await tap.waitFor((t) => t.events.some((x) => x.id === later.id), 'the later event', WAIT_MS);
    await eventually(async () => leader.published === 4, 'the leader to count the later event', WAIT_MS);
    expect(standby.published).toBe(0);
    for (const e of [...first, later]) expect(tap.events.filter((x) => x.id === e.id)).toHaveLength(1);

    // Stopping the leader ends its thread and its connections; the standby takes over.
    await leader.stop();
    expect(leader.role).toBe('stopped');
    await eventually(async () => standby.role === 'leader', 'the standby to take the lead', WAIT_MS);
    const afterHandover = caseOpened();
    await client.db.transaction(async (tx) => enqueue(tx, [afterHandover]));
    await tap.waitFor((t) => t.events.some((x) => x.id === afterHandover.id), 'an event after the handover', WAIT_MS);
    await eventually(async () => standby.published === 1, 'the new leader to count it', WAIT_MS);

    await standby.stop();
    await eventually(async () => (await relayConnections()) === 0, "the threads' connections to close", WAIT_MS);
    expect(await unpublished()).toBe(0);
  });

  it('a thread that dies is started again, and what was written meanwhile is published', async () => {
    const relay = newRelay();
    relay.start();
    await eventually(async () => relay.role === 'leader', 'the relay to lead', WAIT_MS);
    const before = caseOpened();
    await client.db.transaction(async (tx) => enqueue(tx, [before]));
    await eventually(async () => relay.published === 1, 'the first event counted', WAIT_MS);
    // Kill the thread from outside (as a fatal error in it would end it): exit code 1.
    const thread = (relay as unknown as { worker: { terminate(): Promise<number>; threadId: number } }).worker;
    const killedId = thread.threadId;
    expect(await thread.terminate()).toBe(1);
    const meanwhile = caseOpened();
    await client.db.transaction(async (tx) => enqueue(tx, [meanwhile]));
    await tap.waitFor(
      (t) => t.events.some((x) => x.id === meanwhile.id),
      'the event written while the thread was down',
      WAIT_MS,
    );
    const current = (relay as unknown as { worker?: { threadId: number } }).worker;
    expect(current?.threadId).not.toBe(killedId);
    expect(tap.events.filter((x) => x.id === meanwhile.id)).toHaveLength(1);
    // The count goes on from the dead thread's (a Prometheus counter must not go back).
    await eventually(async () => relay.published === 2, 'both events counted across the restart', WAIT_MS);
    await relay.stop();
    expect(relay.published).toBe(2);
    await eventually(async () => (await relayConnections()) === 0, "the thread's connections to close", WAIT_MS);
  });
});
