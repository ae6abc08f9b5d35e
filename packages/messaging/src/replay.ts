import type { Kafka, KafkaMessage } from 'kafkajs';

export type { KafkaMessage };

/** Per topic, per partition: the offset to read up to (exclusive), and how many messages that leaves to read. */
export type Ends = Map<string, { byPartition: Map<number, number>; count: number }>;

export async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Ends> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends: Ends = new Map();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const byPartition = new Map<number, number>();
      let count = 0;
      for (const o of offsets) {
        const high = Number(o.high);
        const low = Number(o.low);
        if (high > low) byPartition.set(o.partition, high);
        count += high - low;
      }
      ends.set(topic, { byPartition, count });
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Read every partition of `topics` from its first offset up to its end in `ends` (`endOffsets`, read before) under the
 * throw-away group `groupId` (deleted afterwards; nothing is committed), handing each fetched batch, cut at the end, to
 * `onBatch`; resolve with the time the group was joined once every partition is read. `onBatch` failing, a consumer
 * crash or `timeoutMs` passing rejects.
 *
 * Topics are applied in tiers (`tierOf`, from 0): a later tier's topics are paused, and a batch of theirs already
 * fetched is held, until every partition of the earlier tiers is read and handed over. A replay so applies cause
 * before effect across topics (the live consumers' order, but for a lagging partition) rather than in whatever order
 * the broker answers, and holds at most one fetch of the later topics in memory meanwhile.
 */
export async function readToEnd(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  ends: Ends,
  timeoutMs: number,
  tierOf: (topic: string) => number,
  onBatch: (topic: string, partition: number, messages: KafkaMessage[]) => Promise<void>,
): Promise<number> {
  const remaining = new Set<string>();
  const unread = new Map<number, number>(); // partitions left to read, by tier
  for (const [topic, e] of ends)
    for (const p of e.byPartition.keys()) {
      remaining.add(`${topic}:${p}`);
      unread.set(tierOf(topic), (unread.get(tierOf(topic)) ?? 0) + 1);
    }
  const lastTier = Math.max(...topics.map(tierOf));
  let open = 0; // batches of tiers up to this one are applied as they are read
  const held: { tier: number; topic: string; partition: number; messages: KafkaMessage[] }[] = [];
  const take = async (tier: number, topic: string, partition: number, messages: KafkaMessage[]) => {
    if (tier <= open) await onBatch(topic, partition, messages);
    else held.push({ tier, topic, partition, messages });
  };
  const later = () => topics.filter((t) => tierOf(t) > open).map((topic) => ({ topic }));
  const release = async () => {
    while (open < lastTier && (unread.get(open) ?? 0) === 0) {
      open++;
      if (running) consumer.resume(topics.filter((t) => tierOf(t) === open).map((topic) => ({ topic })));
      const now = held.filter((b) => b.tier === open);
      held.splice(0, held.length, ...held.filter((b) => b.tier !== open));
      for (const h of now) await onBatch(h.topic, h.partition, h.messages);
    }
  };
  let running = false;
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 64 * 1024 * 1024,
    maxWaitTimeInMs: 100,
    retry: { retries: 5 },
  });
  let joined = Date.now();
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = Date.now()));
  let finish!: (err?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (err) => (err ? reject(err) : resolve())));
  done.catch(() => {}); // awaited below; a failure before then is not unhandled
  consumer.on(consumer.events.CRASH, ({ payload }) => finish(payload.error));
  const bound = setTimeout(
    () => finish(new Error('the replay did not read every topic to its end in time')),
    timeoutMs,
  );
  try {
    await release();
    if (remaining.size === 0) return joined;
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch }) => {
        const key = `${batch.topic}:${batch.partition}`;
        if (!remaining.has(key)) return;
        const end = ends.get(batch.topic)!.byPartition.get(batch.partition)!;
        const upTo = batch.messages.findIndex((m) => Number(m.offset) >= end);
        const messages = upTo < 0 ? batch.messages : batch.messages.slice(0, upTo);
        const tier = tierOf(batch.topic);
        try {
          await take(tier, batch.topic, batch.partition, messages);
          const last = messages.at(-1);
          if (upTo >= 0 || (last && Number(last.offset) + 1 >= end)) {
            remaining.delete(key);
            unread.set(tier, unread.get(tier)! - 1);
            await release();
            if (remaining.size === 0) finish();
          }
        } catch (err) {
          finish(err);
        }
      },
    });
    // later tiers are not fetched until the earlier ones are read (what came with the first fetches is held)
    running = true;
    if (open < lastTier) consumer.pause(later());
    await done;
    return joined;
  } finally {
    clearTimeout(bound);
    await consumer.disconnect().catch(() => {});
    // the throw-away group committed nothing; remove it rather than leave it to the broker's expiry
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => {})
      .finally(() => admin.disconnect().catch(() => {}));
  }
}
