import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql as dsql } from 'drizzle-orm';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { dlqOf, TOPICS } from '@linkage/contracts';
import {
  caseOpenedEvent as caseOpened,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  REPO_ROOT,
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
const here = dirname(fileURLToPath(import.meta.url));

/** A case.opened event whose case number carries its place in the sequence (to check order). */
function nth(caseId: string, i: number) {
  const e = caseOpened(caseId);
  return { ...e, data: { ...e.data, caseNumber: `BL-2026-${String(i).padStart(6, '0')}` } };
}

describe('batched consumer: a partition batch in one transaction (real Postgres, real Kafka)', () => {
  let url: string;
  let client: DbClient<Record<string, never>>;
  let producer: Producer;
  let dlqTap: TopicTap;
  let consumer: IdempotentConsumer | undefined;
  const prefix = freshTopicPrefix();
  const topic = prefix + TOPICS.intake;
  const { brokers } = testInfra();
  const kafka = createKafka({ brokers, clientId: 'batch-test', logger });
  const poison = new Set<string>();
  const killOnce = new Set<string>();

  const newConsumer = (groupId: string) =>
    new IdempotentConsumer({
      kafka,
      db: client.db,
      producer,
      logger,
      groupId,
      topics: [TOPICS.intake],
      topicPrefix: prefix,
      retries: 2,
      retryBaseMs: 20,
      handlers: {
        'intake.case.opened.v1': async (event, tx) => {
          // No unique constraint: an event applied twice leaves two rows.
          await tx.execute(
            dsql`insert into effects (case_id, event_id, seq) values (${event.data.caseId}, ${event.id}, ${event.data.caseNumber})`,
          );
          if (poison.has(event.id)) throw new Error('this event can never be applied');
          if (killOnce.delete(event.id)) await tx.execute(dsql`select pg_terminate_backend(pg_backend_pid())`);
        },
      },
    });

  /** The effects of one case, in the order they were written. */
  const effectsOf = async (caseId: string) =>
    (
      await client.db.execute<{ event_id: string; seq: string }>(
        dsql`select event_id, seq from effects where case_id = ${caseId} order by id`,
      )
    ).map((r) => ({ ...r }));

  /** Produce all events first, so the consumer fetches them together (one partition: one key). */
  const produce = (events: ReturnType<typeof nth>[]) =>
    producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })) });

  beforeAll(async () => {
    url = await freshDatabase('batch');
    await runMigrations(url);
    client = createDb(url, {});
    await client.sql`create table effects (id serial primary key, case_id uuid not null, event_id uuid not null, seq text not null)`;
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
    dlqTap = await new TopicTap(kafka, [dlqOf(topic)]).start();
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });

  afterAll(async () => {
    await dlqTap?.stop();
    await producer?.disconnect();
    await client?.close();
  });

  it('a poison event in the middle of a batch goes to the DLQ; the rest is applied exactly once, in order', async () => {
    const caseId = '0190f0f0-0000-7000-8000-00000000ba01';
    const events = Array.from({ length: 40 }, (_, i) => nth(caseId, i));
    poison.add(events[17]!.id);
    await produce(events);
    consumer = newConsumer('batch-poison');
    await consumer.start();

    const dead = await dlqTap.waitFor(
      (t) => {
        const mine = t.messages.filter((m) => m.key === caseId);
        return mine.length > 0 && mine;
      },
      'the poison in the DLQ',
      60_000,
    );
    await eventually(async () => (await effectsOf(caseId)).length === 39, '39 effects (all but the poison)', 60_000);
    expect(dead.map((m) => m.event?.id)).toEqual([events[17]!.id]);
    expect(dead[0]!.headers['dlq-reason']).toBe('handler');
    const effects = await effectsOf(caseId);
    expect(effects.map((e) => e.event_id)).toEqual(events.filter((_, i) => i !== 17).map((e) => e.id)); // once each, in order
    // The batch path was taken, failed on the poison and fell back to one by one.
    expect(consumer.batches + consumer.batchFallbacks).toBeGreaterThanOrEqual(1);
    expect(consumer.batchFallbacks).toBeGreaterThanOrEqual(1);
    const inbox = await client.db.execute<{ n: number }>(
      dsql`select count(*)::int as n from inbox where consumer = 'batch-poison'`,
    );
    expect(inbox[0]!.n).toBe(39);
  });

  it('a transaction killed in the middle of a batch (backend terminated) leaves nothing: the batch is applied once after', async () => {
    const caseId = '0190f0f0-0000-7000-8000-00000000ba02';
    const events = Array.from({ length: 30 }, (_, i) => nth(caseId, i));
    killOnce.add(events[12]!.id);
    await produce(events);
    consumer = newConsumer('batch-killed-tx');
    await consumer.start();
    await eventually(async () => (await effectsOf(caseId)).length >= 30, '30 effects', 60_000);
    expect(killOnce.size).toBe(0); // the kill happened
    expect(consumer.transientRetries).toBeGreaterThanOrEqual(1);
    expect((await effectsOf(caseId)).map((e) => e.event_id)).toEqual(events.map((e) => e.id));
  });

  it('a process killed (SIGKILL) in the middle of a batch re-applies nothing when another member takes over', async () => {
    const caseId = '0190f0f0-0000-7000-8000-00000000ba03';
    const group = 'batch-crash';
    const first = Array.from({ length: 10 }, (_, i) => nth(caseId, i));
    const second = Array.from({ length: 30 }, (_, i) => nth(caseId, 10 + i));
    const killAt = second[14]!;
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-consumer.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        KAFKA_BROKERS: brokers.join(','),
        TOPIC_PREFIX: prefix,
        GROUP: group,
        KILL_AT: killAt.id,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      await produce(first);
      await eventually(
        async () => (await effectsOf(caseId)).length === 10,
        'the child to apply the first 10 events',
        90_000,
      );
      await produce(second);
      const signal = await Promise.race([
        exited,
        new Promise<null>((_, reject) => setTimeout(() => reject(new Error(`child did not die: ${out}`)), 90_000)),
      ]);
      expect(signal).toBe('SIGKILL');
      expect(out).toContain('killing myself');
      // The killed batch's transaction never committed: nothing of the second lot is there.
      await eventually(
        async () =>
          (
            await client.db.execute<{ n: number }>(
              dsql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
            )
          )[0]!.n === 0,
        'the dead transaction to be gone',
      );
      expect((await effectsOf(caseId)).length).toBe(10);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    consumer = newConsumer(group);
    await consumer.start();
    await eventually(async () => (await effectsOf(caseId)).length >= 40, 'the survivor to apply the 30 others', 90_000);
    expect((await effectsOf(caseId)).map((e) => e.event_id)).toEqual([...first, ...second].map((e) => e.id));
  }, 200_000);
});
