import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { TOPICS } from '@linkage/contracts';
import { freshTopicPrefix, testInfra } from '@linkage/testing';
import { createKafka, createProducer, endOffsets, ensureTopics, readToEnd, type Producer } from '../src/index.ts';

const logger = pino({ level: 'silent' });

/** readToEnd (a rebuild's replay) against a real Kafka broker. */
describe('readToEnd: every partition to the end it had, earlier tiers first (real Kafka)', () => {
  const { brokers } = testInfra();
  const prefix = freshTopicPrefix();
  const kafka = createKafka({ brokers, clientId: 'replay-test', logger });
  const first = prefix + TOPICS.intake;
  const second = prefix + TOPICS.dv;
  let producer: Producer;
  const send = (topic: string, n: number, tag: string) =>
    producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: n }, (_, i) => ({ key: `k${i % 7}`, value: `${tag}-${i}` })),
    });

  beforeAll(async () => {
    await ensureTopics(kafka, prefix);
    producer = createProducer(kafka);
    await producer.connect();
  });
  afterAll(async () => producer?.disconnect());

  it('hands over every message up to the end offsets once, the later tier only after the earlier one', async () => {
    // the later tier's topic is written first and holds more: read at once, it would come first
    await send(second, 300, 'second');
    await send(first, 200, 'first');
    const ends = await endOffsets(kafka, [first, second]);
    await send(first, 50, 'after'); // past the end read above: not part of the replay

    const seen: { topic: string; value: string }[] = [];
    await readToEnd(
      kafka,
      `${prefix}replay-test`,
      [first, second],
      ends,
      60_000,
      (t) => (t === first ? 0 : 1),
      async (topic, _partition, messages) => {
        for (const m of messages) seen.push({ topic, value: m.value!.toString() });
      },
    );

    expect(seen.filter((s) => s.topic === first)).toHaveLength(200);
    expect(seen.filter((s) => s.topic === second)).toHaveLength(300);
    expect(new Set(seen.map((s) => s.value)).size).toBe(500);
    expect(seen.some((s) => s.value.startsWith('after'))).toBe(false);
    const lastOfFirst = seen.map((s) => s.topic).lastIndexOf(first);
    const firstOfSecond = seen.findIndex((s) => s.topic === second);
    expect(lastOfFirst).toBeLessThan(firstOfSecond);
  });

  it('a bound that passes rejects', async () => {
    const ends = await endOffsets(kafka, [first]);
    await expect(
      readToEnd(
        kafka,
        `${prefix}replay-bound`,
        [first],
        ends,
        1,
        (t) => (t === first ? 0 : 1),
        async () => {},
      ),
    ).rejects.toThrow(/in time/);
  });
});
