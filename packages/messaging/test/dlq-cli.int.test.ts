import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { sql as dsql } from 'drizzle-orm';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { dlqOf, TOPICS } from '@linkage/contracts';
import {
  caseOpenedEvent as caseOpened,
  REPO_ROOT,
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
import { main, readDeadLetters } from '../src/cli/dlq.ts';

const logger = pino({ level: 'silent' });
const run = promisify(execFile);

describe('npm run dlq: list and re-drive dead letters (real Kafka, real Postgres)', () => {
  let client: DbClient<Record<string, never>>;
  let producer: Producer;
  let consumer: IdempotentConsumer;
  let sourceTap: TopicTap;
  const prefix = freshTopicPrefix();
  const topic = prefix + TOPICS.intake;
  const dlq = dlqOf(topic);
  const { brokers } = testInfra();
  const env = { KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: prefix };
  const kafka = createKafka({ brokers, clientId: 'dlq-cli-test', logger });
  let ruleBroken = true; // the cause of the dead letter, fixed before the re-drive

  const applied = async (eventId: string) =>
    (
      await client.db.execute<{ n: number }>(dsql`select count(*)::int as n from effects where event_id = ${eventId}`)
    )[0]!.n;

  beforeAll(async () => {
    const url = await freshDatabase('dlqcli');
    await runMigrations(url);
    client = createDb(url, {});
    await client.sql`create table effects (id serial primary key, event_id uuid not null)`;
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
    sourceTap = await new TopicTap(kafka, [topic]).start();
    consumer = new IdempotentConsumer({
      kafka,
      db: client.db,
      producer,
      logger,
      groupId: 'dlq-cli',
      topics: [TOPICS.intake],
      topicPrefix: prefix,
      retries: 1,
      retryBaseMs: 20,
      handlers: {
        'intake.case.opened.v1': async (event, tx) => {
          if (ruleBroken && event.data.street === 'xiapu') throw new Error('no office for street xiapu');
          await tx.execute(dsql`insert into effects (event_id) values (${event.id})`);
        },
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await sourceTap?.stop();
    await producer?.disconnect();
    await client?.close();
  });

  it('lists dead letters with their errors (envelope fields only) and re-drives a chosen one, applied once after the fix', async () => {
    const failing = caseOpened();
    failing.data.street = 'xiapu';
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: failing.subject,
          value: JSON.stringify(failing),
          headers: { 'ce-id': failing.id, 'ce-type': failing.type },
        },
        { key: 'not-json', value: '{broken' },
      ],
    });
    await eventually(() => consumer.deadLettered >= 2, 'two dead letters', 30_000);

    const letters = await readDeadLetters(kafka, [dlq]);
    expect(letters).toHaveLength(2);
    const handlerLetter = letters.find((l) => l.reason === 'handler')!;
    expect(handlerLetter).toMatchObject({
      dlqTopic: dlq,
      sourceTopic: topic,
      eventId: failing.id,
      eventType: 'intake.case.opened.v1',
      error: 'no office for street xiapu',
      consumer: 'dlq-cli',
    });
    expect(letters.find((l) => l.reason === 'validation')?.eventId).toBeNull();

    // The command itself: a table of envelope fields, never the payload.
    const printed: string[] = [];
    expect(await main(['list', '--topic', TOPICS.intake], env, (s) => printed.push(s))).toBe(0);
    const table = printed.join('\n');
    expect(table).toContain(`${dlq}  ${handlerLetter.partition}:${handlerLetter.offset}`);
    expect(table).toContain(failing.id);
    expect(table).toContain('no office for street xiapu');
    expect(table).not.toContain('BL-2026-000001'); // payload fields stay unprinted
    expect(table).not.toContain('{broken');
    const json: string[] = [];
    await main(['list', '--limit', '1', '--json'], env, (s) => json.push(s));
    expect(json.map((l) => JSON.parse(l) as { dlqTopic: string })).toHaveLength(1);

    // Re-drive before the fix would dead-letter it again; fix the cause, then re-drive (through npm).
    ruleBroken = false;
    const { stdout } = await run(
      'npm',
      ['run', '-s', 'dlq', '--', 'redrive', dlq, `${handlerLetter.partition}:${handlerLetter.offset}`],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
      },
    );
    expect(stdout).toContain(`re-driven ${dlq} ${handlerLetter.partition}:${handlerLetter.offset}`);
    await eventually(async () => (await applied(failing.id)) === 1, 'the re-driven event applied', 30_000);
    const redriven = await sourceTap.waitFor(
      (t) => t.messages.find((m) => m.headers['redriven-from']),
      'the re-driven message on the source topic',
    );
    expect(redriven.headers['redriven-from']).toBe(`${dlq}:${handlerLetter.partition}:${handlerLetter.offset}`);
    expect(Object.keys(redriven.headers).filter((h) => h.startsWith('dlq-'))).toEqual([]);
    expect(redriven.key).toBe(failing.subject);
    expect(redriven.event?.id).toBe(failing.id);

    // Re-driving it again is harmless: the consumer dedupes by event id.
    const duplicatesBefore = consumer.duplicates;
    await main(['redrive', dlq, `${handlerLetter.partition}:${handlerLetter.offset}`], env, () => {});
    await eventually(() => consumer.duplicates > duplicatesBefore, 'the second re-drive seen as a duplicate', 30_000);
    expect(await applied(failing.id)).toBe(1);
  });

  it('prints usage on --help and refuses an unknown letter', async () => {
    const { stdout } = await run(resolve(REPO_ROOT, 'node_modules/.bin/tsx'), [
      resolve(REPO_ROOT, 'packages/messaging/src/cli/dlq.ts'),
      '--help',
    ]);
    expect(stdout).toMatch(/npm run dlq -- list/);
    expect(stdout).toMatch(/npm run dlq -- redrive/);
    await expect(main(['redrive', dlq, '0:999999'], env, () => {})).rejects.toThrow(/no dead letter at/);
    await expect(main(['redrive', dlq, 'zero'], env, () => {})).rejects.toThrow(/bad reference/);
  });
});
