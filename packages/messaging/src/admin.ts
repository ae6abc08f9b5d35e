import { topicDefinitions } from '@linkage/contracts';
import type { Admin, Kafka } from 'kafkajs';

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

/** Whether a consumer group has no live members (so its offsets may be reset). */
export async function groupIsIdle(kafka: Kafka, groupId: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const g = groups[0];
    return !g || g.members.length === 0;
  } finally {
    await admin.disconnect();
  }
}

/** Messages a group has not committed yet, summed over the topics' partitions. */
export async function groupLag(kafka: Kafka, groupId: string, topics: string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let lag = 0;
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const p of ends) {
        const c = mine.find((m) => m.partition === p.partition)?.offset ?? '-1';
        const start = Number(p.low);
        const done = Number(c) < 0 ? start : Number(c);
        lag += Math.max(0, Number(p.high) - done);
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Messages after the group's committed offset (from the log start when it has none). */
  lag: number;
}

/** A consumer group's lag per partition of each topic, through an admin client the caller owns. */
export async function groupLagByPartition(admin: Admin, groupId: string, topics: string[]): Promise<PartitionLag[]> {
  const out: PartitionLag[] = [];
  const committed = await admin.fetchOffsets({ groupId, topics });
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
    for (const p of ends) {
      const c = mine.find((m) => m.partition === p.partition)?.offset ?? '-1';
      const done = Number(c) < 0 ? Number(p.low) : Number(c);
      out.push({ topic, partition: p.partition, lag: Math.max(0, Number(p.high) - done) });
    }
  }
  return out;
}
