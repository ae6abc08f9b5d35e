import type { Logger } from 'pino';
import { sql } from 'drizzle-orm';
import { parseConsumed, TOPICS, type LinkageEvent } from '@linkage/contracts';
import { bulkInsert, createDb, inbox, runMigrations, type Executor } from '@linkage/db';
import { createKafka, endOffsets, groupIsIdle, readToEnd, uuidv7, type KafkaMessage } from '@linkage/messaging';
import { MIGRATIONS } from '../app.ts';
import type { TimelineConfig } from '../config.ts';
import { CONSUMER_GROUP, PROJECTED_TOPICS } from '../consumers.ts';
import { emptyProjections } from '../db/queries/timeline.ts';
import { clocks, caseSummaries, notifications, schema, timelineEntries, workItems } from '../db/schema.ts';
import type { CaseSummary } from '../domain/summary/evolve.ts';
import type { Clock } from '../domain/clocks/state.ts';
import type { WorkItem } from '../domain/notifications/evolve.ts';
import { entryOf, type TimelineEntry } from '../domain/timeline/evolve.ts';
import { applyEvent, clockEffectsOf, Rows, type ProjectionState } from './project.ts';

export interface RebuildResult {
  /** Events applied (each now has its inbox row). */
  events: number;
  /** Read, not applied: invalid, of an unknown type, a duplicate of an earlier one, or one whose evolution failed. */
  skipped: { invalid: number; unknown: number; duplicate: number; failed: number };
  /** From the replay consumer's start to the commit (migrations and the idle check before it are not counted). */
  seconds: number;
  /** From the replay group's join to the commit. */
  replaySeconds: number;
}

/** Rows per bulk statement. */
const CHUNK = 1000;
/** Written chunks of entries that may wait behind the one being written before the replay waits for them. */
const MAX_PENDING_WRITES = 4;

/**
 * Rebuild the projections from scratch by replaying every topic from its first offset to its end at the start, in ONE
 * transaction: either the rebuilt projections commit whole, or (a crash, an error, the bound) the old ones stay as they
 * were. The service must be stopped (its group idle); it resumes from its own offsets afterwards.
 *
 * The replay does not go through the live consumer's per-batch path (lock the cases, read their rows, evolve, write
 * them back, per partition batch). It evolves every case's summary, clocks and work items in memory, through the same
 * `applyEvent` the live projection uses, and writes each row once at the end. Only what is one row per event — the
 * timeline entry and the inbox row — is written as the replay goes, in bulk statements on the transaction's
 * connection while the next events are read and evolved (Postgres and Node.js work at once).
 *
 * Exactly once: every applied event gets its inbox row under the service's consumer name, in the same transaction.
 * When case-timeline starts again, its live group resumes from its committed offsets; events the replay applied are
 * skipped by the inbox, and events written after the replay read its end offsets are applied live. An event read twice
 * (a producer's retry) is applied once (dedupe by event id, as the inbox does live). An invalid event or one whose
 * evolution throws is skipped and counted, as the live consumer dead-letters it (it is already in the DLQ).
 * Notifications are not emptied: they carry who read them. Ones the replay derives again are skipped (unique per
 * event and recipient); only those of events the live projection had never applied are new.
 */
export async function rebuild(config: TimelineConfig, logger: Logger, timeoutMs = 30 * 60_000): Promise<RebuildResult> {
  const prefix = config.TOPIC_PREFIX;
  const topics = PROJECTED_TOPICS.map((t) => prefix + t);
  const kafka = createKafka({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'case-timeline-rebuild', logger });
  const t0 = Date.now();
  const phase = (what: string, fields: object = {}) =>
    logger.info({ ms: Date.now() - t0, ...fields }, `rebuild: ${what}`);
  if (!(await groupIsIdle(kafka, prefix + CONSUMER_GROUP)))
    throw new Error(`consumer group ${prefix + CONSUMER_GROUP} has live members: stop case-timeline before rebuilding`);
  await runMigrations(config.DATABASE_URL, MIGRATIONS);
  const ends = await endOffsets(kafka, topics);
  phase('group idle, migrated, end offsets read', { toRead: [...ends.values()].reduce((a, p) => a + p.count, 0) });

  const started = Date.now();
  const store = createDb(config.DATABASE_URL, schema, { max: 1, applicationName: 'case-timeline-rebuild' });
  const replay = new Replay(logger);
  let joined = started;
  try {
    await store.db.transaction(async (tx) => {
      await emptyProjections(tx, CONSUMER_GROUP);
      const writes = new WriteQueue();
      const flush = (all: boolean) => {
        while (replay.entries.length >= (all ? 1 : CHUNK)) {
          const entries = replay.entries.splice(0, CHUNK);
          writes.push(() => writeEntries(tx, entries));
        }
      };
      // cause before effect across topics: intake's events before the departments' (a referral's work item takes its
      // requester from the case intake opened), the departments' before oversight's (a breach names a clock they start)
      const tierOf = (topic: string) =>
        topic === prefix + TOPICS.intake ? 0 : topic === prefix + TOPICS.oversight ? 2 : 1;
      joined = await readToEnd(
        kafka,
        `${prefix}${CONSUMER_GROUP}.rebuild.${uuidv7()}`,
        topics,
        ends,
        timeoutMs,
        tierOf,
        async (topic, partition, messages) => {
          replay.apply(topic.slice(prefix.length), partition, messages);
          flush(false);
          await writes.below(MAX_PENDING_WRITES);
        },
      );
      phase('read to the end', { events: replay.applied });
      flush(true);
      await writes.below(0);
      await writeStates(tx, replay.state);
      phase('written');
    });
  } finally {
    await store.close();
  }
  phase('committed');
  return {
    events: replay.applied,
    skipped: replay.skipped,
    seconds: (Date.now() - started) / 1000,
    replaySeconds: (Date.now() - joined) / 1000,
  };
}

/** A timeline entry and its inbox row, to write. */
interface Applied {
  entry: TimelineEntry;
  type: string;
}

/** The replay's state: every row evolved so far (in memory) and the entries not yet written. */
class Replay {
  readonly state: ProjectionState = {
    summaries: new Rows<CaseSummary>(new Map()),
    clocks: new Rows<Clock>(new Map()),
    work: new Rows<WorkItem>(new Map()),
    notifications: [],
  };
  entries: Applied[] = [];
  private readonly seen = new Set<string>();
  applied = 0;
  readonly skipped = { invalid: 0, unknown: 0, duplicate: 0, failed: 0 };
  constructor(private readonly logger: Logger) {}

  /** Apply a partition's messages in offset order. */
  apply(topic: string, partition: number, messages: readonly KafkaMessage[]): void {
    const now = new Date();
    for (const m of messages) {
      const parsed = parseConsumed(m.value);
      if (parsed.kind === 'unknown') {
        this.skipped.unknown++;
        continue;
      }
      if (parsed.kind === 'invalid') {
        this.skipped.invalid++;
        continue;
      }
      const event: LinkageEvent = parsed.event;
      if (this.seen.has(event.id)) {
        this.skipped.duplicate++;
        continue;
      }
      try {
        applyEvent(this.state, event, clockEffectsOf(event), now);
      } catch (err) {
        // the live consumer dead-lettered it after its retries; the rest of the replay goes on
        this.skipped.failed++;
        this.logger.warn(
          { eventId: event.id, type: event.type, topic, partition, offset: m.offset, err: (err as Error).message },
          'rebuild: an event failed to apply and is skipped',
        );
        continue;
      }
      this.seen.add(event.id);
      this.entries.push({ entry: entryOf(event, { topic, partition, offset: m.offset }), type: event.type });
      this.applied++;
    }
  }
}

/** Statements on the transaction's connection, one after another, while the replay goes on. */
class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private failed: unknown;
  push(write: () => Promise<void>): void {
    this.pending++;
    this.tail = this.tail.then(async () => {
      try {
        if (this.failed === undefined) await write();
      } catch (err) {
        this.failed = err;
      } finally {
        this.pending--;
      }
    });
  }
  /** Wait until at most `n` writes are pending; throws the first write's failure. */
  async below(n: number): Promise<void> {
    while (this.pending > n) await Promise.race([this.tail, new Promise((r) => setTimeout(r, 5))]);
    if (this.failed !== undefined) throw this.failed;
  }
}

async function writeEntries(tx: Executor, applied: readonly Applied[]): Promise<void> {
  await tx.execute(
    bulkInsert(
      timelineEntries,
      applied.map((a) => a.entry),
    ),
  );
  await tx.execute(
    bulkInsert(
      inbox,
      applied.map(({ entry: e, type }) => ({
        consumer: CONSUMER_GROUP,
        eventId: e.eventId,
        type,
        topic: e.topic,
        partition: e.partition,
        offset: Number(e.offset),
      })),
    ),
  );
}

/** Every summary, clock and work item once, in its final state; the notifications not already there. */
async function writeStates(tx: Executor, state: ProjectionState): Promise<void> {
  const inChunks = async <R>(rows: readonly R[], write: (chunk: R[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
  };
  await inChunks(state.summaries.changed(), (c) => tx.execute(bulkInsert(caseSummaries, c)));
  // a clock named by an oversight event under an id this projection did not derive yields (as live)
  await inChunks(state.clocks.changed(), (c) => tx.execute(bulkInsert(clocks, c, sql`on conflict do nothing`)));
  await inChunks(state.work.changed(), (c) => tx.execute(bulkInsert(workItems, c)));
  await inChunks(state.notifications, (c) => tx.execute(bulkInsert(notifications, c, sql`on conflict do nothing`)));
}
