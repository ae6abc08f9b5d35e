import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createDb, runMigrations, type DbClient } from '@linkage/db';
import { TOPICS } from '@linkage/contracts';
import {
  caseOpenedEvent as caseOpened,
  eventually,
  freshDatabase,
  freshTopicPrefix,
  testInfra,
} from '@linkage/testing';
import { createKafka, createProducer, ensureTopics, IdempotentConsumer, type Producer } from '../src/index.ts';

interface Line {
  level: number;
  msg: string;
  [k: string]: unknown;
}

/** A pino logger whose lines are kept (parsed) for the test to read. */
function capturingLogger() {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

/**
 * Scale-out or a rolling deploy: a second instance joins a consumer group the first already consumes from. The
 * group rebalances — a normal operation — so the running member must log nothing at error level (50+) about it,
 * or operators' error alerts fire on every deploy.
 */
describe('a second member joining a consumer group (real Kafka, real Postgres)', () => {
  let client: DbClient<Record<string, never>>;
  let producer: Producer;
  const members: IdempotentConsumer[] = [];
  const prefix = freshTopicPrefix();
  const first = capturingLogger();
  const second = capturingLogger();
  let brokers: string[];

  const member = (log: ReturnType<typeof capturingLogger>, clientId: string) => {
    const kafka = createKafka({ brokers, clientId, logger: log.logger });
    const c = new IdempotentConsumer({
      kafka,
      db: client.db,
      producer,
      logger: log.logger,
      groupId: 'rebalance-test',
      topics: [TOPICS.intake],
      topicPrefix: prefix,
      handlers: { 'intake.case.opened.v1': async () => {} },
    });
    members.push(c);
    return c;
  };
  const partitions = (c: IdempotentConsumer) => Object.values(c.assignment).flat();

  beforeAll(async () => {
    ({ brokers } = testInfra());
    const url = await freshDatabase('rebalance_log');
    await runMigrations(url);
    client = createDb(url, {});
    const kafka = createKafka({ brokers, clientId: 'rebalance-admin', logger: pino({ level: 'silent' }) });
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    for (const m of members) await m.stop();
    await producer?.disconnect();
    await client?.close();
  });

  it('the running member logs no error-level line while the group rebalances to two members and back', async () => {
    const send = (n: number) =>
      producer.send({
        topic: prefix + TOPICS.intake,
        acks: -1,
        messages: Array.from({ length: n }, () => {
          const e = caseOpened();
          return { key: e.subject, value: JSON.stringify(e) };
        }),
      });
    const a = member(first, 'rebalance-a');
    await a.start();
    await a.whenJoined();
    const total = partitions(a).length;
    expect(total).toBeGreaterThan(1); // two members can split the partitions
    await send(20);
    await eventually(() => a.applied >= 20, 'the first member applies the first events', 60_000);

    // Events keep arriving (offsets to commit) while the second instance starts and the group rebalances.
    const from = first.lines.length; // what the first member logs from here on
    const b = member(second, 'rebalance-b');
    await b.start();
    const traffic = (async () => {
      for (let i = 0; i < 10; i++) {
        await send(5);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    await eventually(
      () => b.state === 'joined' && partitions(b).length > 0 && partitions(a).length + partitions(b).length === total,
      'the group rebalanced: both members hold partitions, together all of them',
      90_000,
    );
    await traffic;
    await eventually(() => a.applied + b.applied >= 70, 'every event applied after the rebalance', 60_000);

    const during = first.lines.slice(from);
    const rebalanceSeen = during.some((l) => /rebalanc/i.test(JSON.stringify(l)));
    expect(rebalanceSeen, 'the first member noticed the rebalance (logged below error level)').toBe(true);
    const errors = during.filter((l) => l.level >= 50);
    expect(errors, JSON.stringify(errors, null, 1)).toEqual([]);
    expect(second.lines.filter((l) => l.level >= 50)).toEqual([]);

    // The other half of a rolling deploy: the second instance leaves, the first takes every partition back.
    const fromLeave = first.lines.length;
    await b.stop();
    await eventually(() => partitions(a).length === total, 'the first member holds every partition again', 90_000);
    const afterLeave = first.lines.slice(fromLeave).filter((l) => l.level >= 50);
    expect(afterLeave, JSON.stringify(afterLeave, null, 1)).toEqual([]);
  });
});
