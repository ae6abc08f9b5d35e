import { topicDefinitions } from '@linkage/contracts';
import type { Kafka } from 'kafkajs';

/** Create the platform's topics and their DLQ twins (idempotent). Returns the names created now. */
export async function ensureTopics(kafka: Kafka, prefix = ''): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = topicDefinitions(prefix).filter((t) => !existing.has(t.topic));
    if (wanted.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: wanted.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions, replicationFactor: 1 })),
    });
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

/** True when the broker answers a metadata request. */
export async function brokerAnswers(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [] });
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
