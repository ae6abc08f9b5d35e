import { parseConsumed, type LinkageEvent } from '@linkage/contracts';
import type { Consumer, Kafka } from 'kafkajs';
import { uuidv7 } from '@linkage/domain';

export interface TappedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  raw: string | null;
  event: LinkageEvent | undefined;
}

/**
 * Reads topics from the beginning with a throw-away consumer group and keeps every message:
 * for tests, tools and benchmarks that need to see what was published. Not for services.
 */
export class TopicTap {
  readonly messages: TappedMessage[] = [];
  private consumer: Consumer | undefined;
  private waiters = new Set<() => void>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(): Promise<this> {
    const consumer = this.kafka.consumer({ groupId: `tap-${uuidv7()}`, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    let ready!: () => void;
    const joined = new Promise<void>((r) => (ready = r));
    consumer.on(consumer.events.GROUP_JOIN, () => ready());
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const parsed = parseConsumed(message.value);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          headers,
          raw: message.value?.toString() ?? null,
          event: parsed.kind === 'ok' ? parsed.event : undefined,
        });
        for (const w of this.waiters) w();
      },
    });
    await joined;
    return this;
  }

  get events(): LinkageEvent[] {
    return this.messages.flatMap((m) => (m.event ? [m.event] : []));
  }

  /** Bounded wait for a condition over what has been read; fails with the description. */
  async waitFor<T>(find: (tap: this) => T | undefined | false, description: string, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(this);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${description}; saw ${this.messages.length} messages: ${this.messages.map((m) => m.event?.type ?? m.topic).join(', ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.min(left, 250));
        this.waiters.add(done);
      });
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
