import { asc, eq, sql, type SQL } from 'drizzle-orm';
import { anyUuid, bulkInsert, onConflictUpdate } from '@linkage/db';
import { keysOf, type HasEveryColumn } from './excluded.ts';
import type { Executor } from '@linkage/db';
import type { CaseSummary } from '../../domain/summary/evolve.ts';
import type { TimelineEntry } from '../../domain/timeline/evolve.ts';
import { caseSummaries, timelineEntries } from '../schema.ts';

/** A case's entries (ordered by time here; causal order is applied by the caller). */
export async function timelineOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(timelineEntries)
    .where(eq(timelineEntries.caseId, caseId))
    .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.eventId));
}

/** Write entries once: the ids of those written now (an event already on the timeline is skipped). */
export async function insertEntries(tx: Executor, entries: readonly TimelineEntry[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const inserted = await tx.execute<{ event_id: string }>(
    bulkInsert(timelineEntries, entries, sql`on conflict do nothing returning event_id`),
  );
  return new Set(inserted.map((r) => r.event_id));
}

/**
 * Serialise, until the transaction ends, with every other transaction projecting events of these cases
 * (other partitions, other instances): advisory locks taken in one sorted order, so no two batches
 * deadlock. A case's rows (summary, clocks, work items) are then read, evolved and written whole.
 */
export async function lockCases(tx: Executor, caseIds: readonly string[]): Promise<void> {
  if (caseIds.length === 0) return;
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(${CASE_LOCK_SPACE}, k)) from (
      select distinct hashtext(id) as k from jsonb_array_elements_text(${JSON.stringify(caseIds)}::jsonb) id order by 1
    ) keys`);
}
/** The advisory-lock key space of case locks (two-int form: never the relay's one-bigint leadership lock). */
const CASE_LOCK_SPACE = 0x74696d65; // 'time'

/** The ownership facts of a case (owning unit, street) the timeline learnt from intake's events. */
export async function caseFactsOf(db: Executor, caseId: string) {
  const [r] = await db
    .select({ ownerDept: caseSummaries.ownerDept, street: caseSummaries.street })
    .from(caseSummaries)
    .where(eq(caseSummaries.caseId, caseId));
  return r;
}

/** Cases' summaries, locked for the rest of the transaction. */
export async function lockSummaries(tx: Executor, caseIds: readonly string[]): Promise<CaseSummary[]> {
  if (caseIds.length === 0) return [];
  return tx.select().from(caseSummaries).where(anyUuid(caseSummaries.caseId, caseIds)).for('update');
}

true satisfies HasEveryColumn<CaseSummary, typeof caseSummaries>;
/** Write summaries (new or changed) in one statement. */
export async function saveSummaries(tx: Executor, rows: readonly CaseSummary[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(bulkInsert(caseSummaries, rows, onConflictUpdate(caseSummaries, 'caseId', keysOf(rows[0]!))));
}

/**
 * The statements that empty the projections the events rebuild — the timeline, clocks, case summaries and work items —
 * and the consumer's inbox (a rebuild replays every topic into them). Notifications stay: they carry who read them.
 */
export const emptyProjections = (consumer: string): SQL[] => [
  sql`truncate timeline_entries, clocks, case_summaries, work_items`,
  sql`delete from inbox where consumer = ${consumer}`,
];
