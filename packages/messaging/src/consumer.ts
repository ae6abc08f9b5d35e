import { inbox, type Executor } from '@linkage/db';
import { dlqOf, parseConsumed, type EventOf, type EventType, type LinkageEvent } from '@linkage/contracts';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Logger } from 'pino';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { safeErrorMessage } from './errors.ts';

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
}

export type Handler<E extends LinkageEvent = LinkageEvent> = (event: E, tx: Executor, meta: MessageMeta) => Promise<void>;
export type Handlers = { [T in EventType]?: Handler<EventOf<T>> };

export interface ConsumerOptions {
  kafka: Kafka;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: PostgresJsDatabase<any>;
  /** Producer used for dead letters. */
  producer: Producer;
  logger: Logger;
  /** Kafka consumer group, also the inbox's consumer name unless `inboxName` says otherwise. */
  groupId: string;
  /**
   * The name the inbox dedupes under. A replay under a throw-away group keeps the service's inbox
   * name, so what it applied counts as applied for the live group too.
   */
  inboxName?: string;
  /** Logical topic names (without prefix). */
  topics: string[];
  topicPrefix?: string;
  /** Handlers by event type; types without one are skipped (forward compatible). */
  handlers: Handlers;
  /** Optional handler for every known event (projections); runs after the typed one. */
  onAny?: Handler;
  retries?: number;
  retryBaseMs?: number;
  /** Partitions processed in parallel (order is kept within each partition, i.e. per case). */
  partitionsConcurrently?: number;
}

/**
 * Idempotent consumer: the inbox row and the handler's effect commit in one transaction
 * (a duplicate event id is skipped), and the offset is resolved only after that commit.
 * Failing handlers retry with exponential backoff; what still fails, or fails validation,
 * goes to `<topic>.dlq` with the error, and the partition moves on.
 */
export class IdempotentConsumer {
  private consumer: Consumer | undefined;
  private readonly log: Logger;
  applied = 0;
  duplicates = 0;
  deadLettered = 0;

  constructor(private readonly o: ConsumerOptions) {
    this.log = o.logger.child({ component: 'consumer', groupId: o.groupId });
  }

  async start(): Promise<void> {
    const prefix = this.o.topicPrefix ?? '';
    const consumer = this.o.kafka.consumer({
      groupId: prefix + this.o.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.o.topics.map((t) => prefix + t), fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 500,
      partitionsConsumedConcurrently: this.o.partitionsConcurrently ?? 3,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        await this.handleMessage(topic, partition, message, heartbeat);
      },
    });
  }

  async stop(): Promise<void> {
    // kafkajs waits for the in-flight message and commits resolved offsets on disconnect.
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private logicalTopic(topic: string): string {
    const prefix = this.o.topicPrefix ?? '';
    return topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  }

  private async handleMessage(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>) {
    const meta: MessageMeta = { topic: this.logicalTopic(topic), partition, offset: message.offset };
    const parsed = parseConsumed(message.value);
    if (parsed.kind === 'unknown') {
      this.log.debug({ type: parsed.type, ...meta }, 'skipping unknown event type');
      return;
    }
    if (parsed.kind === 'invalid') {
      await this.deadLetter(topic, partition, message, 'validation', parsed.error.message, parsed.error.errors);
      return;
    }
    const event = parsed.event;
    const typed = this.o.handlers[event.type] as Handler | undefined;
    if (!typed && !this.o.onAny) return;

    const attempts = (this.o.retries ?? 4) + 1;
    const base = this.o.retryBaseMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await this.o.db.transaction(async (tx) => {
          const inserted = await tx
            .insert(inbox)
            .values({ consumer: this.o.inboxName ?? this.o.groupId, eventId: event.id, type: event.type, topic: meta.topic, partition, offset: Number(message.offset) })
            .onConflictDoNothing()
            .returning({ eventId: inbox.eventId });
          if (inserted.length === 0) return false;
          if (typed) await typed(event, tx, meta);
          if (this.o.onAny) await this.o.onAny(event, tx, meta);
          return true;
        });
        if (applied) this.applied++;
        else {
          this.duplicates++;
          this.log.debug({ eventId: event.id, type: event.type }, 'duplicate event skipped');
        }
        return;
      } catch (err) {
        if (attempt >= attempts) {
          this.log.error({ err, eventId: event.id, type: event.type, ...meta }, 'handler failed after retries; dead-lettering');
          await this.deadLetter(topic, partition, message, 'handler', safeErrorMessage(err), []);
          return;
        }
        const delay = Math.min(base * 2 ** (attempt - 1), 10_000);
        this.log.warn({ err, eventId: event.id, type: event.type, attempt, delay }, 'handler failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
        await heartbeat();
      }
    }
  }

  /** Send the original message with the error attached. If this fails it throws: kafkajs retries, nothing is skipped. */
  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: 'validation' | 'handler',
    error: string,
    details: unknown[],
  ): Promise<void> {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    await this.o.producer.send({
      topic: dlqOf(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...headers,
            'dlq-reason': reason,
            'dlq-error': error.slice(0, 2000),
            'dlq-details': JSON.stringify(details).slice(0, 4000),
            'dlq-source-topic': topic,
            'dlq-source-partition': String(partition),
            'dlq-source-offset': message.offset,
            'dlq-consumer': this.o.groupId,
            'dlq-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
    this.deadLettered++;
  }
}
