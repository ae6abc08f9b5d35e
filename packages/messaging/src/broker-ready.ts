import { pino } from 'pino';
import { waitForLeaders } from './admin.ts';
import { createKafka, createProducer } from './kafka.ts';

/** Java's String.hashCode, which Kafka uses to place a group on a partition of __consumer_offsets. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** The partition of __consumer_offsets (of `partitions`) that holds a group, as the broker computes it. */
export const offsetsPartitionOf = (groupId: string, partitions: number): number =>
  (javaStringHash(groupId) & 0x7fffffff) % partitions;

/** One probe group per partition of __consumer_offsets (`<prefix><n>`, the first n that lands there). */
export function probeGroupsCoveringOffsets(partitions: number, prefix = 'linkage.readiness.'): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < partitions && i < partitions * 1000; i++) {
    const g = `${prefix}${i}`;
    const p = offsetsPartitionOf(g, partitions);
    if (!byPartition.has(p)) byPartition.set(p, g);
  }
  return [...byPartition.values()];
}

/**
 * Wait until the broker serves what a service asks for first: an idempotent producer id (InitProducerId), a
 * loaded group coordinator for every partition of __consumer_offsets (DescribeGroups), and a leader for every
 * partition of every topic. A broker that answers metadata is not there yet: on a new cluster the first
 * FindCoordinator creates __consumer_offsets (GROUP_COORDINATOR_NOT_AVAILABLE until it exists) and the first
 * InitProducerId waits for a block of producer ids (COORDINATOR_LOAD_IN_PROGRESS); after a restart each offsets
 * partition is loaded again. kafkajs retries those but logs each at error level, in every service's start-up
 * log. Here they are expected: this client logs into a variable, and only a timeout reports the last one.
 */
export async function waitForBrokerReady(o: { brokers: string[]; timeoutMs?: number }): Promise<void> {
  const timeoutMs = o.timeoutMs ?? 120_000;
  let lastLog = '';
  const quiet = pino({ level: 'warn' }, { write: (line: string) => void (lastLog = line.trim()) });
  const kafka = createKafka({ brokers: o.brokers, clientId: 'linkage-readiness', logger: quiet });
  const deadline = Date.now() + timeoutMs;
  const until = async (what: string, probe: () => Promise<boolean>): Promise<void> => {
    let last = '';
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      try {
        if (await probe()) return;
        last = 'not yet';
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > deadline)
        throw new Error(
          `the broker at ${o.brokers.join(',')} is not ready (${what}) after ${timeoutMs} ms: ${last}; ` +
            `last client log: ${lastLog.slice(0, 500)}`,
        );
      await new Promise((r) => setTimeout(r, delay));
    }
  };
  const producer = createProducer(kafka);
  const admin = kafka.admin();
  try {
    await until('producer ids', async () => {
      await producer.connect();
      return true;
    });
    await until('admin connection', async () => {
      await admin.connect();
      return true;
    });
    // The first lookup creates __consumer_offsets on a new cluster; then one probe group per partition.
    await until(
      'group coordinator',
      async () => (await admin.describeGroups(['linkage.readiness.0'])).groups.length > 0,
    );
    let offsetsPartitions = 0;
    await until('__consumer_offsets metadata', async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] });
      offsetsPartitions = topics[0]?.partitions.length ?? 0;
      return offsetsPartitions > 0;
    });
    const probes = probeGroupsCoveringOffsets(offsetsPartitions);
    // DescribeGroups throws while a group's offsets partition is loading (COORDINATOR_LOAD_IN_PROGRESS).
    await until('every offsets partition loaded', async () => {
      const { groups } = await admin.describeGroups(probes);
      return groups.length === probes.length;
    });
    await until('topic leaders', async () => {
      const names = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
      if (names.length > 0) await waitForLeaders(admin, names, Math.max(1, deadline - Date.now()));
      return true;
    });
  } finally {
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}
