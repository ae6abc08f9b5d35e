import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { topicDefinitions } from '@linkage/contracts';
import { freshTopicPrefix, testInfra } from '@linkage/testing';
import { createKafka, deleteTopicsWithPrefix, ensureTopics } from '../src/index.ts';

/**
 * ensureTopics returns only when every new partition has a leader, also when the broker's metadata
 * answers UNKNOWN_TOPIC_OR_PARTITION right after creation (kafkajs' own waitForLeaders threw on it
 * and failed a CI run: "This server does not host this topic-partition").
 */
describe('ensureTopics (real Kafka)', () => {
  it('creates many topic sets at once and every partition has a leader when it returns', async () => {
    const { brokers } = testInfra();
    const kafka = createKafka({ brokers, clientId: 'topics-test', logger: pino({ level: 'silent' }) });
    const prefixes = Array.from({ length: 6 }, () => freshTopicPrefix());
    const created = await Promise.all(prefixes.map((p) => ensureTopics(kafka, p)));
    for (const [i, p] of prefixes.entries()) expect(created[i]).toEqual(topicDefinitions(p).map((t) => t.topic));

    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = prefixes.flatMap((p) => topicDefinitions(p).map((t) => t.topic));
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      expect(meta).toHaveLength(topics.length);
      for (const t of meta) {
        expect(t.partitions.length, t.name).toBeGreaterThan(0);
        expect(
          t.partitions.every((p) => p.leader >= 0),
          t.name,
        ).toBe(true);
      }
    } finally {
      await admin.disconnect();
    }
    // Idempotent: a second call creates nothing.
    expect(await ensureTopics(kafka, prefixes[0])).toEqual([]);
  }, 180_000);

  it('deleteTopicsWithPrefix deletes the topics of one prefix, and no other', async () => {
    const { brokers } = testInfra();
    const kafka = createKafka({ brokers, clientId: 'topics-test', logger: pino({ level: 'silent' }) });
    const [gone, kept] = [freshTopicPrefix(), freshTopicPrefix()];
    await Promise.all([ensureTopics(kafka, gone), ensureTopics(kafka, kept)]);
    const n = topicDefinitions(gone).length;
    expect(await deleteTopicsWithPrefix(kafka, gone)).toBe(n);
    const admin = kafka.admin();
    await admin.connect();
    try {
      // deletion completes in the background: bounded wait until the listing no longer has them
      const deadline = Date.now() + 30_000;
      let left = (await admin.listTopics()).filter((t) => t.startsWith(gone));
      while (left.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        left = (await admin.listTopics()).filter((t) => t.startsWith(gone));
      }
      expect(left).toEqual([]);
      expect((await admin.listTopics()).filter((t) => t.startsWith(kept)).sort()).toEqual(
        topicDefinitions(kept)
          .map((t) => t.topic)
          .sort(),
      );
    } finally {
      await admin.disconnect();
    }
    await expect(deleteTopicsWithPrefix(kafka, 't')).rejects.toThrow(/too short|short/);
  });
});
