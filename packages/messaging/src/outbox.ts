import { sql as dsql } from 'drizzle-orm';
import { bulkInsert, OUTBOX_CHANNEL, outbox, type Executor, type Sql } from '@linkage/db';
import { outboxInsert, outboxNotify, outboxRows } from './outbox-sql.ts';
import type { LinkageEvent } from '@linkage/contracts';
import type { Log as Logger } from './log.ts';
import type { Producer } from 'kafkajs';
import { safeErrorMessage } from './errors.ts';
import { contextFrom, currentTraceContext, SpanKind, tracer, type TraceContextFields } from './tracing.ts';
import { SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Write events to the outbox inside the caller's transaction, and NOTIFY the relay
 * (Postgres delivers the notification only if and when the transaction commits).
 * Events must already be valid (build them with `newEvent`).
 */
export async function enqueue(tx: Executor, events: LinkageEvent[], opts: { ifAbsent?: boolean } = {}): Promise<void> {
  if (events.length === 0) return;
  // ifAbsent: an event with a deterministic id that is already in the outbox is not written again.
  // The NOTIFY is sent with the insert (pipelined): Postgres delivers it only when the transaction commits.
  await Promise.all([
    tx.execute(outboxInsert(events, opts.ifAbsent ? dsql`on conflict (event_id) do nothing` : undefined)),
    tx.execute(outboxNotify()),
  ]);
}

/**
 * `enqueue` for the effects of many consumed events at once (a consumer batch): every event in ONE insert with one
 * JSON parameter (`bulkInsert`), in the given order, each with the trace context of what caused it (the consumer span
 * of its own triggering event; absent: the active span's), and the NOTIFY sent with it.
 */
export async function enqueueTraced(
  tx: Executor,
  items: readonly { event: LinkageEvent; trace?: TraceContextFields | undefined }[],
): Promise<void> {
  if (items.length === 0) return;
  await Promise.all([tx.execute(bulkInsert(outbox, outboxRows(items))), tx.execute(outboxNotify())]);
}

/**
 * Delete the outbox rows Kafka acknowledged before `publishedBefore`, oldest first, `batch` rows a statement (short
 * locks, no long transaction), until none is left; returns how many. A row not yet acknowledged is never deleted,
 * however old: the outbox is where an event waits until Kafka has it. Without this the outbox keeps every event the
 * service ever wrote. Safe with several instances at once (a row deleted by one is skipped by the other), and for the
 * consumers: a deleted event is already in Kafka, and one written again under the same id (a scheduler's `ifAbsent`
 * event) is skipped by every consumer's inbox.
 */
export async function pruneOutbox(sql: Sql, publishedBefore: Date, batch = 5_000): Promise<number> {
  let deleted = 0;
  for (;;) {
    // oldest ids first, through the primary key: the rows past retention are at its start
    const r = await sql`
      delete from outbox where id in (
        select id from outbox where published_at < ${publishedBefore.toISOString()}::timestamptz
        order by id limit ${batch})`;
    deleted += r.count;
    if (r.count < batch) return deleted;
  }
}

export interface RelayOptions {
  sql: Sql;
  /** A new single-session client for the leadership lock (`DbClient.session`). */
  session: (o: { onclose: () => void }) => Sql;
  producer: Producer;
  logger: Logger;
  /** Names the advisory lock: one active relay per service. */
  service: string;
  topicPrefix?: string;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives. */
  pollMs?: number;
  /** How often a standby tries to become the leader. */
  standbyMs?: number;
}

type RelayState = 'stopped' | 'standby' | 'leader';

/**
 * Publishes unpublished outbox rows in id order, marks them after Kafka acknowledges (acks=-1).
 * A crash between ack and mark re-sends (consumers dedupe by event id). One relay per service is
 * the leader (pg_try_advisory_lock on a session of its own); the others wait as standbys.
 */
export class OutboxRelay {
  private state: RelayState = 'stopped';
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private pending = false;
  private readonly log: Logger;
  private readonly lockKey: number;
  /** Events published (Kafka acknowledged and the rows marked), since start. */
  published = 0;
  /** Batches Kafka refused (the rows stay unpublished and are retried). */
  publishFailures = 0;

  constructor(private readonly o: RelayOptions) {
    this.log = o.logger.child({ component: 'outbox-relay' });
    this.lockKey = hash32(`outbox:${o.service}`);
  }

  get role(): RelayState {
    return this.state;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runForever();
  }

  /** The loop must outlive any error (a relay that stops publishing loses nothing but delays everything). */
  private async runForever(): Promise<void> {
    while (this.running) {
      try {
        await this.run();
      } catch (err) {
        try {
          this.log.error({ err: safeErrorMessage(err) }, 'outbox relay loop failed; restarting it');
        } catch {
          // logging must not end the relay either
        }
        await this.sleep(1000);
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.state = 'stopped';
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    if (w) w();
    else this.pending = true; // a NOTIFY that came while we were busy: do not sleep on it
  }

  private sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /**
   * Leadership is an advisory lock held on a session of its own (`session()`: one connection, never
   * recycled), not on a connection reserved from the pool: when Postgres restarts, the session's
   * close is reported (`onclose`), the relay stops publishing at once, ends that client and builds a
   * new one, and competes for the lock again. Nothing here can throw out of the loop.
   */
  private async run(): Promise<void> {
    while (this.running) {
      const lost = { value: false };
      let session: Sql | undefined;
      try {
        session = this.o.session({
          onclose: () => {
            lost.value = true;
            this.wake();
          },
        });
        while (this.running && !lost.value) {
          const [row] = await session<{ locked: boolean; pid: number }[]>`
            select pg_try_advisory_lock(${this.lockKey}) as locked, pg_backend_pid() as pid`;
          if (row?.locked) {
            this.state = 'leader';
            this.log.info('outbox relay is the leader');
            await this.lead(session, row.pid, lost);
            if (lost.value) this.log.warn('outbox relay lost its leadership session; competing again');
            break;
          }
          this.state = 'standby';
          await this.sleep(this.o.standbyMs ?? 2000);
        }
      } catch (err) {
        this.log.error({ err: safeErrorMessage(err) }, 'outbox relay error; retrying');
      } finally {
        if (this.state === 'leader') this.state = 'standby';
        // Ending the session releases the lock (if it still exists) for a standby to take.
        if (session) await session.end({ timeout: 1 }).catch(() => {});
      }
      if (this.running) await this.sleep(lost.value ? 200 : 1000);
    }
  }

  private async lead(session: Sql, pid: number, lost: { value: boolean }): Promise<void> {
    const listener = await this.o.sql.listen(OUTBOX_CHANNEL, () => this.wake());
    const batchSize = this.o.batchSize ?? 500;
    let backoff = 200;
    let lastLockCheck = Date.now();
    try {
      while (this.running && !lost.value) {
        if (Date.now() - lastLockCheck > 2000) {
          // The lock lives as long as this session; a new backend pid means a silent reconnect.
          const [row] = await session<{ pid: number }[]>`select pg_backend_pid() as pid`;
          if (row?.pid !== pid) {
            lost.value = true;
            break;
          }
          lastLockCheck = Date.now();
        }
        let n: number;
        try {
          n = await this.publishBatch(batchSize);
          backoff = 200;
        } catch (err) {
          this.log.error({ err: safeErrorMessage(err) }, 'publishing outbox batch failed; will retry');
          await this.sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
          continue;
        }
        // A round that sent rows comes back at once: it marks them, and reads what came meanwhile.
        if (n === 0) await this.sleep(this.o.pollMs ?? 1000);
      }
    } finally {
      await this.markAcknowledged().catch((err: unknown) =>
        this.log.warn(
          { err: safeErrorMessage(err) },
          'could not mark the last published rows; they will be sent again',
        ),
      );
      await listener.unlisten().catch(() => {});
    }
  }

  /**
   * Rows Kafka acknowledged and not yet marked published, and when Kafka acknowledged them (what `published_at`
   * records): marked by the statement that reads the next rows. The time goes as an ISO string: drizzle turns off
   * the client's Date serializer.
   */
  private acknowledged: { ids: string[]; at: Date } = { ids: [], at: new Date(0) };

  /**
   * One round: mark what the last round sent, read the oldest unpublished rows (one statement for both), send them in
   * order. Returns how many rows it sent; 0 (nothing waiting, everything sent marked) lets the caller sleep.
   *
   * The mark rides on the next read instead of a statement of its own: a busy relay makes one round trip to Postgres
   * per cycle, not two. Nothing changes for the guarantees: a row is marked only after Kafka acknowledged it, and a
   * crash before the mark re-sends it (consumers dedupe by event id), as a crash between the ack and a separate mark
   * always could.
   */
  async publishBatch(batchSize: number): Promise<number> {
    const { sql, producer } = this.o;
    const prefix = this.o.topicPrefix ?? '';
    const { ids: marking, at: ackedAt } = this.acknowledged;
    type Row = {
      id: string;
      topic: string;
      key: string;
      event_id: string;
      type: string;
      payload: string;
      traceparent: string | null;
      tracestate: string | null;
    };
    // The CTE's update and the select see one snapshot: the rows being marked still look unpublished to the select,
    // so it leaves them out by id.
    const rows =
      marking.length > 0
        ? await sql<Row[]>`
          with marked as (
            update outbox set published_at = ${ackedAt.toISOString()}::timestamptz
            where id = any(${marking}::bigint[]) and published_at is null)
          select id, topic, key, event_id, type, payload::text as payload, traceparent, tracestate from outbox
          where published_at is null and id <> all(${marking}::bigint[]) order by id limit ${batchSize}`
        : await sql<Row[]>`
          select id, topic, key, event_id, type, payload::text as payload, traceparent, tracestate from outbox
          where published_at is null order by id limit ${batchSize}`;
    if (marking.length > 0) {
      this.acknowledged = { ids: [], at: new Date(0) };
      this.published += marking.length;
    }
    if (rows.length === 0) return 0;
    // One producer span per event, a child of the context that wrote it (when there was one); the
    // message carries the producer span's context, so each consumer continues the same trace.
    const spans = rows.map((r) =>
      r.traceparent
        ? tracer().startSpan(
            `${prefix + r.topic} publish`,
            {
              kind: SpanKind.PRODUCER,
              attributes: {
                'messaging.system': 'kafka',
                'messaging.destination.name': prefix + r.topic,
                'messaging.operation.type': 'publish',
                'cloudevents.event_id': r.event_id,
                'cloudevents.event_type': r.type,
              },
            },
            contextFrom({ traceparent: r.traceparent, ...(r.tracestate ? { tracestate: r.tracestate } : {}) }),
          )
        : undefined,
    );
    // Keep id order within each topic (and so within each key's partition).
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    rows.forEach((r, i) => {
      const span = spans[i];
      const tc = span ? currentTraceContext(trace.setSpan(contextFrom(null), span)) : {};
      // Without a trace to add, the stored JSON is sent as it is (no parse and stringify of every event).
      const value = span ? JSON.stringify({ ...(JSON.parse(r.payload) as object), ...tc }) : r.payload;
      const list = byTopic.get(r.topic) ?? [];
      list.push({
        key: r.key,
        value,
        headers: {
          'content-type': 'application/cloudevents+json; charset=UTF-8',
          'ce-type': r.type,
          'ce-id': r.event_id,
          ...tc,
        },
      });
      byTopic.set(r.topic, list);
    });
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic: prefix + topic, messages })),
      });
    } catch (err) {
      this.publishFailures++;
      for (const span of spans)
        span?.setStatus({ code: SpanStatusCode.ERROR, message: safeErrorMessage(err).slice(0, 200) }).end();
      const ids = rows.map((r) => r.id);
      await sql`update outbox set attempts = attempts + 1, last_error = ${safeErrorMessage(err).slice(0, 500)} where id = any(${ids}::bigint[])`.catch(
        () => {},
      );
      throw err;
    }
    for (const span of spans) span?.end();
    this.acknowledged = { ids: rows.map((r) => r.id), at: new Date() };
    return rows.length;
  }

  /** Mark what Kafka acknowledged and no later round marked (on leaving the lead: a successor must not re-send it). */
  private async markAcknowledged(): Promise<void> {
    const { ids: marking, at } = this.acknowledged;
    if (marking.length === 0) return;
    await this.o.sql`
      update outbox set published_at = ${at.toISOString()}::timestamptz
      where id = any(${marking}::bigint[]) and published_at is null`;
    this.acknowledged = { ids: [], at: new Date(0) };
    this.published += marking.length;
  }
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
