import { topicDefinitions } from '@linkage/contracts';
import type { Admin, Kafka } from 'kafkajs';

/**
 * Create the platform's topics and their DLQ twins (idempotent). Returns the names created now.
 * Waits until every new partition has a leader: kafkajs' `waitForLeaders` retries only
 * LEADER_NOT_AVAILABLE, but right after creation the metadata request can also answer
 * UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this topic-partition", tulios/kafkajs#815),
 * which it throws; both are transient here, so poll the metadata ourselves (bounded).
 */
export async function ensureTopics(kafka: Kafka, prefix = '', timeoutMs = 60_000): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = topicDefinitions(prefix).filter((t) => !existing.has(t.topic));
    if (wanted.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: false,
      topics: wanted.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions, replicationFactor: 1 })),
    });
    await waitForLeaders(
      admin,
      wanted.map((t) => t.topic),
      timeoutMs,
    );
    return wanted.map((t) => t.topic);
  } finally {
    await admin.disconnect();
  }
}

const TRANSIENT_METADATA = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);

/** Poll topic metadata until every partition of `topics` reports a leader, or throw after `timeoutMs`. */
export async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const missing = topics.filter((t) => {
        const m = meta.find((x) => x.name === t);
        return !m || m.partitions.length === 0 || m.partitions.some((p) => p.leader < 0);
      });
      if (missing.length === 0) return;
      last = `no leader yet for ${missing.join(', ')}`;
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (!type || !TRANSIENT_METADATA.has(type)) throw err;
      last = type;
    }
    if (Date.now() > deadline) throw new Error(`topics created but not ready after ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, delay));
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

/**
 * Delete every topic whose name starts with `prefix` (a test run's own topics, a bench's), a hundred at a time, and
 * return how many were deleted. A broker that lives for days would otherwise keep every test run's partitions, each
 * holding files open, until it runs out of file descriptors and shuts down.
 */
export async function deleteTopicsWithPrefix(kafka: Kafka, prefix: string, timeoutMs = 30_000): Promise<number> {
  if (prefix.length < 2) throw new Error('deleteTopicsWithPrefix: refusing a prefix that short');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    for (let i = 0; i < topics.length; i += 100)
      await admin.deleteTopics({ topics: topics.slice(i, i + 100), timeout: timeoutMs });
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
