import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { Partitioners } from 'kafkajs';
import { createKafka, createProducer } from '../src/kafka.ts';

describe('the producer partitioner', () => {
  it('is chosen explicitly (kafkajs logs no partitioner warning at start-up) and is murmur2 by key', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const kafka = createKafka({
      brokers: ['127.0.0.1:1'],
      clientId: 'partitioner-test',
      logger: pino({ level: 'debug' }, sink),
    });
    createProducer(kafka);
    expect(lines.filter((l) => /partitioner/i.test(l))).toEqual([]);

    // murmur2 (the Java client's): a case id always maps to the same partition of 3.
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((p) => ({
      partitionId: p,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const key = '0193b3c4-0000-7000-8000-000000000001';
    const first = partitioner({ topic: 't', partitionMetadata, message: { key, value: 'x' } });
    for (let i = 0; i < 5; i++)
      expect(partitioner({ topic: 't', partitionMetadata, message: { key, value: String(i) } })).toBe(first);
  });
});
