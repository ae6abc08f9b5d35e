import { bulkInsert, inbox, type Executor } from '@linkage/db';
import { dlqOf, parseConsumed, type EventOf, type EventType, type LinkageEvent } from '@linkage/contracts';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Log as Logger } from './log.ts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { sql as dsql } from 'drizzle-orm';
import { isTransientDbError, safeErrorMessage } from './errors.ts';
import {
  contextFrom,
  currentTraceContext,
  inSpan,
  inSpans,
  linksTo,
  SpanKind,
  type TraceContextFields,
} from './tracing.ts';

/** A member that dies without leaving delays its group's rebalance by this long (kafkajs default 30 s). */
export const SESSION_TIMEOUT_MS = 12_000;
export const HEARTBEAT_INTERVAL_MS = 3_000;
/** The longest wait between two tries of an event while the database is unavailable. */
export const TRANSIENT_BACKOFF_CAP_MS = 5_000;

export interface MessageMeta {
  topic: string;
  partition: number;
  offset: string;
}

export type Handler<E extends LinkageEvent = LinkageEvent> = (
  event: E,
  tx: Executor,
  meta: MessageMeta,
) => Promise<void>;
export type Handlers = { [T in EventType]?: Handler<EventOf<T>> };

/** One consumed event and where it was read. */
export interface Consumed {
  event: LinkageEvent;
  meta: MessageMeta;
  /**
   * The trace context of the event's processing (its consumer span): the events its effect emits carry it on (see
   * `emitEventsBatch`). Absent (or empty) when tracing is off.
   */
  trace?: TraceContextFields;
}
/**
 * A handler for every known event, given a partition's fresh events at once, in offset order, in the
 * transaction of their inbox rows (a projection applies them with a few set-based statements).
 */
export type BatchHandler = (items: readonly Consumed[], tx: Executor) => Promise<void>;

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
  /** Optional handler for every known event (projections), a batch at a time; runs after the typed ones. */
  onBatch?: BatchHandler;
  retries?: number;
  retryBaseMs?: number;
  /** Partitions processed in parallel (order is kept within each partition, i.e. per case). */
  partitionsConcurrently?: number;
  /** Most events of one partition applied in one transaction (1 = one transaction per event). */
  maxBatch?: number;
}

export type ConsumerState = 'idle' | 'joining' | 'joined' | 'stopped';

/** Thrown out of a handler's retry wait when the consumer is stopping: the offset stays unresolved. */
class ConsumerStopping extends Error {
  override name = 'ConsumerStopping';
}

/**
 * Idempotent consumer: the inbox row and the handler's effect commit in one transaction
 * (a duplicate event id is skipped), and the offset is resolved only after that commit.
 *
 * Start-up never blocks: `start()` returns at once and a supervisor connects, subscribes and joins
 * the group in the background, retrying with backoff, and builds a fresh kafkajs consumer whenever
 * one crashes; `state` is 'joining' until the group is joined ('joined'). `stop()` leaves the group.
 *
 * Failures: a transient database failure (unreachable, restarting, serialization, deadlock; see
 * `isTransientDbError`, or any failure while the database does not answer) retries without limit
 * with capped backoff, heartbeating so the member stays in the group; a handler that fails on a
 * healthy database retries `retries` times with backoff, then the event goes to `<topic>.dlq` with
 * the error, as does an event that fails validation, and the partition moves on.
 */
export class IdempotentConsumer {
  private consumer: Consumer | undefined;
  private readonly log: Logger;
  private running = false;
  private supervisor: Promise<void> | undefined;
  /** Waits that `stop()` ends early. */
  private readonly interrupts = new Set<() => void>();
  private joinedWaiters = new Set<() => void>();
  state: ConsumerState = 'idle';
  /** The member id of the last group join. */
  memberId: string | undefined;
  /** The partitions of each topic the group gave this member at its last join (rebalance). */
  assignment: Record<string, number[]> = {};
  applied = 0;
  duplicates = 0;
  deadLettered = 0;
  /** Handler attempts that failed for a transient (database) reason and were retried. */
  transientRetries = 0;
  /** Handler attempts that failed on a healthy database and were retried (before a dead letter). */
  handlerRetries = 0;
  /** kafkajs consumers built (1 + restarts after a crash or a failed start). */
  incarnations = 0;
  /** Batches applied in one transaction. */
  batches = 0;
  /** Batches that failed on a healthy database and were applied again one event at a time. */
  batchFallbacks = 0;

  constructor(private readonly o: ConsumerOptions) {
    this.log = o.logger.child({ component: 'consumer', groupId: o.groupId });
  }

  get groupId(): string {
    return this.o.groupId;
  }

  /** The Kafka group and topics as the broker knows them (with the topic prefix). */
  get subscription(): { groupId: string; topics: string[] } {
    const prefix = this.o.topicPrefix ?? '';
    return { groupId: prefix + this.o.groupId, topics: this.o.topics.map((t) => prefix + t) };
  }

  /** Start consuming in the background; resolves at once (see `whenJoined`). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.state = 'joining';
    this.supervisor = this.supervise().catch((err) =>
      this.log.error({ err: safeErrorMessage(err) }, 'consumer supervisor died'),
    );
  }

  /** Bounded wait until the group is joined. */
  async whenJoined(timeoutMs = 60_000): Promise<void> {
    if (this.state === 'joined') return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => {
        this.joinedWaiters.delete(done);
        reject(
          new Error(`consumer ${this.o.groupId} did not join its group within ${timeoutMs} ms (state ${this.state})`),
        );
      }, timeoutMs);
      const done = () => {
        clearTimeout(t);
        this.joinedWaiters.delete(done);
        resolve();
      };
      this.joinedWaiters.add(done);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const i of [...this.interrupts]) i();
    // kafkajs waits for the in-flight message (a retry wait ends on `running = false`), commits
    // resolved offsets and leaves the group.
    await this.consumer
      ?.disconnect()
      .catch((err) => this.log.warn({ err: safeErrorMessage(err) }, 'consumer disconnect failed'));
    await this.supervisor;
    this.consumer = undefined;
    this.state = 'stopped';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.interrupts.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.interrupts.add(done);
    });
  }

  /** One kafkajs consumer at a time: build, connect, subscribe, run; on a crash or failure, again. */
  private async supervise(): Promise<void> {
    const prefix = this.o.topicPrefix ?? '';
    let backoff = 500;
    while (this.running) {
      this.incarnations++;
      this.state = 'joining';
      const consumer = this.o.kafka.consumer({
        groupId: prefix + this.o.groupId,
        allowAutoTopicCreation: false,
        // A member that dies without leaving holds up the group's rebalance for this long.
        sessionTimeout: SESSION_TIMEOUT_MS,
        heartbeatInterval: HEARTBEAT_INTERVAL_MS,
        rebalanceTimeout: 30_000,
        // The supervisor restarts a crashed consumer itself (a fresh one), whatever the error.
        retry: { retries: 10, restartOnFailure: async () => false },
      });
      this.consumer = consumer;
      let onDead!: () => void;
      const dead = new Promise<void>((resolve) => (onDead = resolve));
      this.interrupts.add(onDead);
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        this.log.error({ err: safeErrorMessage(payload.error) }, 'consumer crashed; restarting it');
        onDead();
      });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        backoff = 500;
        this.memberId = payload.memberId;
        this.assignment = payload.memberAssignment;
        this.state = 'joined';
        this.log.info(
          { memberId: payload.memberId, partitions: payload.memberAssignment },
          'consumer joined its group',
        );
        for (const w of [...this.joinedWaiters]) w();
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: this.o.topics.map((t) => prefix + t), fromBeginning: true });
        await consumer.run({
          autoCommit: true,
          autoCommitInterval: 500,
          partitionsConsumedConcurrently: this.o.partitionsConcurrently ?? 3,
          // Offsets are resolved here, one by one, only after what they carry has committed.
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
            await this.handleBatch(
              batch.topic,
              batch.partition,
              batch.messages,
              resolveOffset,
              heartbeat,
              () => isRunning() && !isStale(),
            );
          },
        });
        await dead;
      } catch (err) {
        this.log.warn({ err: safeErrorMessage(err), retryInMs: backoff }, 'consumer could not start; retrying');
      }
      this.interrupts.delete(onDead);
      if (!this.running) {
        await consumer.disconnect().catch(() => {}); // in case stop() came while it was still connecting
        break;
      }
      this.state = 'joining';
      await consumer.disconnect().catch(() => {});
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, 30_000);
    }
  }

  private logicalTopic(topic: string): string {
    const prefix = this.o.topicPrefix ?? '';
    return topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
  }

  /** Whether the database answers now (so a failure was the event's, not the database's). */
  private async databaseAnswers(): Promise<boolean> {
    try {
      await this.o.db.execute(dsql`select 1`);
      return true;
    } catch {
      return false;
    }
  }

  /** Wait `ms`, heartbeating so the member stays in the group; a rebalance or a stop ends the wait by throwing. */
  private async waitAlive(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      if (!this.running) throw new ConsumerStopping('consumer stopping; the message will be redelivered');
      await heartbeat();
      const left = until - Date.now();
      if (left <= 0) return;
      await this.sleep(Math.min(left, 1000));
    }
  }

  /**
   * A fetched batch of one partition, in chunks of `maxBatch`: each chunk's events are applied in
   * one transaction (one inbox insert for the chunk, then each fresh event's handlers in offset
   * order, so per-case order holds), and their offsets are resolved, in order, only after it
   * commits. A transient database failure retries the chunk without limit. Any other failure
   * (a poison event, a handler failing for now) rolls the chunk back and applies it again one event
   * at a time (`handleMessage`: retries, then the DLQ), so the rest is applied exactly once.
   */
  private async handleBatch(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
    alive: () => boolean,
  ): Promise<void> {
    const max = Math.max(1, this.o.maxBatch ?? 250);
    for (let i = 0; i < messages.length; i += max) {
      if (!this.running || !alive()) return; // the rest is fetched again (after a rebalance, by whoever owns it)
      await this.applyChunk(topic, partition, messages.slice(i, i + max), resolveOffset, heartbeat);
      await heartbeat();
    }
  }

  private async applyChunk(
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const oneByOne = async () => {
      for (const m of chunk) {
        await this.handleMessage(topic, partition, m, heartbeat);
        resolveOffset(m.offset);
      }
    };
    if (chunk.length === 1) return oneByOne();
    const logical = this.logicalTopic(topic);
    const work: { event: LinkageEvent; typed: Handler | undefined; meta: MessageMeta }[] = [];
    const invalid: { m: KafkaMessage; error: string; details: unknown[] }[] = [];
    for (const message of chunk) {
      const parsed = parseConsumed(message.value);
      if (parsed.kind === 'unknown') continue;
      if (parsed.kind === 'invalid') {
        invalid.push({ m: message, error: parsed.error.message, details: parsed.error.errors });
        continue;
      }
      const typed = this.o.handlers[parsed.event.type] as Handler | undefined;
      if (!typed && !this.o.onBatch) continue;
      work.push({ event: parsed.event, typed, meta: { topic: logical, partition, offset: message.offset } });
    }
    // Invalid events are never applied: sending them to the DLQ first changes no one's order.
    for (const i of invalid) await this.deadLetter(topic, partition, i.m, 'validation', i.error, i.details);
    if (work.length > 0) {
      const base = this.o.retryBaseMs ?? 200;
      let transientInARow = 0;
      for (;;) {
        if (!this.running) throw new ConsumerStopping('consumer stopping; the batch will be redelivered');
        try {
          // One Postgres span for the chunk's transaction, linked to every event's trace.
          const fresh = await inSpan(
            'postgres transaction',
            {
              kind: SpanKind.CLIENT,
              links: linksTo(work.map((w) => w.event as TraceContextFields)),
              attributes: {
                'db.system.name': 'postgresql',
                'db.operation.name': 'inbox insert and effects (batch)',
                'messaging.batch.message_count': work.length,
              },
            },
            () =>
              this.o.db.transaction(async (tx) => {
                // one statement, one parameter (the rows as JSON) for the whole chunk
                const inserted = await tx.execute<{ event_id: string }>(
                  bulkInsert(
                    inbox,
                    work.map((w) => ({
                      consumer: this.o.inboxName ?? this.o.groupId,
                      eventId: w.event.id,
                      type: w.event.type,
                      topic: w.meta.topic,
                      partition,
                      offset: Number(w.meta.offset),
                    })),
                    dsql`on conflict do nothing returning event_id`,
                  ),
                );
                const pending = new Set(inserted.map((r) => r.event_id));
                // applied before (or earlier in this batch) if not inserted now
                const fresh = work.filter((w) => pending.delete(w.event.id));
                // Each event's effect in a span of its own trace (a child of its producer's span).
                for (const w of fresh) {
                  if (!w.typed) continue;
                  const typed = w.typed;
                  await inSpan(
                    `${topic} process`,
                    {
                      kind: SpanKind.CONSUMER,
                      parent: contextFrom(w.event as TraceContextFields),
                      attributes: this.spanAttributes(topic, partition, w.meta.offset, w.event),
                    },
                    async (span) => {
                      await typed(w.event, tx, w.meta);
                      span.setAttribute('linkage.outcome', 'applied');
                    },
                  );
                }
                if (this.o.onBatch && fresh.length > 0) {
                  const onBatch = this.o.onBatch;
                  // The batch handler applies them together: each event's span covers the batch.
                  await inSpans(
                    `${topic} process`,
                    fresh.map((w) => ({
                      parent: contextFrom(w.event as TraceContextFields),
                      attributes: {
                        ...this.spanAttributes(topic, partition, w.meta.offset, w.event),
                        'messaging.batch.message_count': fresh.length,
                        'linkage.outcome': 'applied',
                      },
                    })),
                    (contexts) =>
                      onBatch(
                        fresh.map((w, i) => ({
                          event: w.event,
                          meta: w.meta,
                          trace: currentTraceContext(contexts[i]),
                        })),
                        tx,
                      ),
                  );
                }
                return fresh.length;
              }),
          );
          this.batches++;
          this.applied += fresh;
          this.duplicates += work.length - fresh;
          break;
        } catch (err) {
          if (err instanceof ConsumerStopping) throw err;
          const transient = isTransientDbError(err) || !(await this.databaseAnswers());
          if (transient) {
            this.transientRetries++;
            transientInARow++;
            const delay = Math.min(base * 2 ** Math.min(transientInARow - 1, 10), TRANSIENT_BACKOFF_CAP_MS);
            const fields = {
              err: safeErrorMessage(err),
              topic: logical,
              partition,
              events: work.length,
              attempt: transientInARow,
              delay,
            };
            if (transientInARow <= 3 || transientInARow % 20 === 0)
              this.log.warn(fields, 'database unavailable; retrying the batch until it is back');
            await this.waitAlive(delay, heartbeat);
            continue;
          }
          // Nothing of the chunk committed: find the culprit one event at a time.
          this.batchFallbacks++;
          this.log.warn(
            { err: safeErrorMessage(err), topic: logical, partition, events: work.length },
            'batch failed; applying it one event at a time',
          );
          // Invalid ones are in the DLQ already; handleMessage would send them again.
          const dead = new Set(invalid.map((i) => i.m));
          for (const m of chunk) {
            if (!dead.has(m)) await this.handleMessage(topic, partition, m, heartbeat);
            resolveOffset(m.offset);
          }
          return;
        }
      }
    }
    for (const m of chunk) resolveOffset(m.offset);
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
    if (!typed && !this.o.onBatch) return;
    // A span per event, a child of the producer's context (the CloudEvents traceparent): events
    // this handler writes to the outbox carry the same trace on to the next service.
    await inSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFrom(event as TraceContextFields),
        attributes: this.spanAttributes(topic, partition, message.offset, event),
      },
      (span) =>
        this.apply(event, typed, meta, partition, message, topic, heartbeat).then(
          (outcome) => void span.setAttribute('linkage.outcome', outcome),
        ),
    );
  }

  private spanAttributes(
    topic: string,
    partition: number,
    offset: string,
    event: LinkageEvent,
  ): Record<string, string | number> {
    return {
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.destination.partition.id': String(partition),
      'messaging.kafka.offset': Number(offset),
      'messaging.consumer.group.name': this.o.groupId,
      'messaging.operation.type': 'process',
      'cloudevents.event_id': event.id,
      'cloudevents.event_type': event.type,
    };
  }

  private async apply(
    event: LinkageEvent,
    typed: Handler | undefined,
    meta: MessageMeta,
    partition: number,
    message: KafkaMessage,
    topic: string,
    heartbeat: () => Promise<void>,
  ): Promise<'applied' | 'duplicate' | 'dead_lettered'> {
    const attempts = (this.o.retries ?? 4) + 1;
    const base = this.o.retryBaseMs ?? 200;
    let failures = 0;
    let transientInARow = 0;
    for (;;) {
      if (!this.running) throw new ConsumerStopping('consumer stopping; the message will be redelivered');
      try {
        const applied = await inSpan(
          'postgres transaction',
          {
            kind: SpanKind.CLIENT,
            attributes: { 'db.system.name': 'postgresql', 'db.operation.name': 'inbox insert and effect' },
          },
          () =>
            this.o.db.transaction(async (tx) => {
              const inserted = await tx
                .insert(inbox)
                .values({
                  consumer: this.o.inboxName ?? this.o.groupId,
                  eventId: event.id,
                  type: event.type,
                  topic: meta.topic,
                  partition,
                  offset: Number(message.offset),
                })
                .onConflictDoNothing()
                .returning({ eventId: inbox.eventId });
              if (inserted.length === 0) return false;
              if (typed) await typed(event, tx, meta);
              if (this.o.onBatch) await this.o.onBatch([{ event, meta, trace: currentTraceContext() }], tx);
              return true;
            }),
        );
        if (applied) this.applied++;
        else {
          this.duplicates++;
          this.log.debug({ eventId: event.id, type: event.type }, 'duplicate event skipped');
        }
        return applied ? 'applied' : 'duplicate';
      } catch (err) {
        const transient = isTransientDbError(err) || !(await this.databaseAnswers());
        if (transient) {
          this.transientRetries++;
          transientInARow++;
          const delay = Math.min(base * 2 ** Math.min(transientInARow - 1, 10), TRANSIENT_BACKOFF_CAP_MS);
          const fields = {
            err: safeErrorMessage(err),
            eventId: event.id,
            type: event.type,
            ...meta,
            attempt: transientInARow,
            delay,
          };
          if (transientInARow <= 3 || transientInARow % 20 === 0)
            this.log.warn(fields, 'database unavailable; retrying until it is back');
          await this.waitAlive(delay, heartbeat);
          continue;
        }
        transientInARow = 0;
        failures++;
        if (failures >= attempts) {
          this.log.error(
            { err: safeErrorMessage(err), eventId: event.id, type: event.type, ...meta },
            'handler failed after retries on a healthy database; dead-lettering',
          );
          await this.deadLetter(topic, partition, message, 'handler', safeErrorMessage(err), []);
          return 'dead_lettered';
        }
        const delay = Math.min(base * 2 ** (failures - 1), 10_000);
        this.handlerRetries++;
        this.log.warn(
          { err: safeErrorMessage(err), eventId: event.id, type: event.type, attempt: failures, delay },
          'handler failed; retrying',
        );
        await this.waitAlive(delay, heartbeat);
      }
    }
  }

  /**
   * Send the original message with the error attached. If this fails it throws: kafkajs retries, nothing is skipped.
   */
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
