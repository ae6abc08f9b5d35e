import type { Logger } from 'pino';
import { sql, type SQL } from 'drizzle-orm';
import { parseConsumed, TOPICS, type LinkageEvent } from '@linkage/contracts';
import type postgres from 'postgres';
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import { copyInto, createDb, runMigrations } from '@linkage/db';
import { createKafka, endOffsets, groupIsIdle, readToEnd, uuidv7, type KafkaMessage } from '@linkage/messaging';
import { MIGRATIONS } from '../app.ts';
import type { TimelineConfig } from '../config.ts';
import { CONSUMER_GROUP, PROJECTED_TOPICS } from '../consumers.ts';
import { emptyProjections } from '../db/queries/timeline.ts';
import { keysOf } from '../db/queries/excluded.ts';
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

const dialect = new PgDialect();

/** A timeline entry's columns (all but `recorded_at`, the time of writing). */
const ENTRY_COLUMNS = [
  'eventId',
  'caseId',
  'type',
  'source',
  'topic',
  'partition',
  'offset',
  'occurredAt',
  'causationId',
  'actorRole',
  'actorDept',
  'summary',
  'data',
] as const satisfies readonly (keyof TimelineEntry)[];

/**
 * Rebuild the projections from scratch by replaying every topic from its first offset to its end at the start, in ONE
 * transaction: either the rebuilt projections commit whole, or (a crash, an error, the bound) the old ones stay as they
 * were. The service must be stopped (its group idle); it resumes from its own offsets afterwards.
 *
 * The replay does not go through the live consumer's per-batch path (lock the cases, read their rows, evolve, write
 * them back, per partition batch). It evolves every case's summary, clocks and work items in memory, through the same
 * `applyEvent` the live projection uses, and writes each row once at the end, one COPY per table. Only the timeline
 * entries (one per event) go as the replay reads: through one COPY on the transaction's connection, which Postgres
 * stores while the next events are read and evolved (Postgres and Node.js work at once). The inbox rows are made from
 * the entries at the end, in one statement.
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
  // noDelay: each COPY's end would otherwise wait ~40 ms for the server's delayed ACK (see noDelaySocket)
  const store = createDb(config.DATABASE_URL, schema, {
    max: 1,
    applicationName: 'case-timeline-rebuild',
    noDelay: true,
  });
  const replay = new Replay(logger);
  let joined = started;
  try {
    await store.sql.begin(async (t) => {
      // drizzle's statements, rendered, on the transaction's own connection (they and the COPYs share it)
      const run = (q: SQL) => {
        const { sql: text, params } = dialect.sqlToQuery(q);
        return t.unsafe(text, params as never[]);
      };
      for (const q of emptyProjections(CONSUMER_GROUP)) await run(q);
      // one COPY for every entry, fed while the replay reads on
      const entries = await copyInto<TimelineEntry>(t, timelineEntries, ENTRY_COLUMNS);
      // cause before effect across topics: intake's events before the departments' (a referral's work item takes its
      // requester from the case intake opened), the departments' before oversight's (a breach names a clock they start)
      const tierOf = (topic: string) =>
        topic === prefix + TOPICS.intake ? 0 : topic === prefix + TOPICS.oversight ? 2 : 1;
      try {
        joined = await readToEnd(
          kafka,
          `${prefix}${CONSUMER_GROUP}.rebuild.${uuidv7()}`,
          topics,
          ends,
          timeoutMs,
          tierOf,
          async (topic, partition, messages) => {
            await entries.write(replay.apply(topic.slice(prefix.length), partition, messages));
          },
        );
      } catch (err) {
        entries.abort(err as Error); // so the transaction can roll back
        throw err;
      }
      await entries.end();
      phase('read to the end', { events: replay.applied });
      // every entry's inbox row, from the entries (the same event id, type and position)
      await run(sql`
        insert into inbox (consumer, event_id, type, topic, partition, "offset")
        select ${CONSUMER_GROUP}, event_id, type, topic, partition, "offset"::bigint from timeline_entries`);
      await writeStates(t, replay.state);
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

/** The replay's state: every row evolved so far, in memory, and what it read but did not apply. */
class Replay {
  readonly state: ProjectionState = {
    summaries: new Rows<CaseSummary>(new Map()),
    clocks: new Rows<Clock>(new Map()),
    work: new Rows<WorkItem>(new Map()),
    notifications: [],
  };
  private readonly seen = new Set<string>();
  applied = 0;
  readonly skipped = { invalid: 0, unknown: 0, duplicate: 0, failed: 0 };
  constructor(private readonly logger: Logger) {}

  /** Apply a partition's messages in offset order; their timeline entries (of those applied) to write. */
  apply(topic: string, partition: number, messages: readonly KafkaMessage[]): TimelineEntry[] {
    const now = new Date();
    const entries: TimelineEntry[] = [];
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
      entries.push(entryOf(event, { topic, partition, offset: m.offset }));
      this.applied++;
    }
    return entries;
  }
}

/**
 * Every summary, clock and work item once, in its final state, and the notifications not already there, each table in
 * one COPY. What live writes with `on conflict do nothing` is decided here instead: a clock named by an oversight event
 * under an id this projection did not derive yields to the first clock of its rule and subject (as live), and a
 * notification already there (its id is derived from its event and recipient) is not written again.
 */
async function writeStates(t: postgres.TransactionSql, state: ProjectionState): Promise<void> {
  const copy = async <R extends object>(table: PgTable, rows: readonly R[]) => {
    if (rows.length === 0) return;
    const c = await copyInto<R>(t, table, keysOf(rows[0]!));
    await c.write(rows);
    await c.end();
  };
  await copy(caseSummaries, state.summaries.changed());
  await copy(workItems, state.work.changed());
  const ruleAndSubject = new Set<string>();
  await copy(
    clocks,
    state.clocks.changed().filter((c) => {
      const key = `${c.ruleId}\u0000${c.subjectKey}`;
      return !ruleAndSubject.has(key) && !!ruleAndSubject.add(key);
    }),
  );
  const existing = new Set((await t<{ id: string }[]>`select id from notifications`).map((r) => r.id));
  await copy(
    notifications,
    state.notifications.filter((n) => !existing.has(n.id) && !!existing.add(n.id)),
  );
}
