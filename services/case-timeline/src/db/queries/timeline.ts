import { asc, eq, sql } from 'drizzle-orm';
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

/** Write an entry once: false when the event is already on the timeline. */
export async function insertEntry(tx: Executor, entry: TimelineEntry): Promise<boolean> {
  const inserted = await tx
    .insert(timelineEntries)
    .values(entry)
    .onConflictDoNothing()
    .returning({ eventId: timelineEntries.eventId });
  return inserted.length > 0;
}

/** The ownership facts of a case (owning unit, street) the timeline learnt from intake's events. */
export async function caseFactsOf(db: Executor, caseId: string) {
  const [r] = await db
    .select({ ownerDept: caseSummaries.ownerDept, street: caseSummaries.street })
    .from(caseSummaries)
    .where(eq(caseSummaries.caseId, caseId));
  return r;
}

/** A case's summary, locked for the rest of the transaction. */
export async function lockSummary(tx: Executor, caseId: string): Promise<CaseSummary | undefined> {
  const [row] = await tx.select().from(caseSummaries).where(eq(caseSummaries.caseId, caseId)).for('update');
  return row;
}

/** A new summary: false if another transaction wrote the case's first one meanwhile. */
export async function insertSummary(tx: Executor, s: CaseSummary): Promise<boolean> {
  const r = await tx.insert(caseSummaries).values(s).onConflictDoNothing().returning({ id: caseSummaries.caseId });
  return r.length > 0;
}

export async function updateSummary(tx: Executor, s: CaseSummary): Promise<void> {
  await tx.update(caseSummaries).set(s).where(eq(caseSummaries.caseId, s.caseId));
}

/** The case number and owning unit (for notifications). */
export async function caseOf(tx: Executor, caseId: string) {
  const [c] = await tx
    .select({ caseNumber: caseSummaries.caseNumber, ownerDept: caseSummaries.ownerDept })
    .from(caseSummaries)
    .where(eq(caseSummaries.caseId, caseId));
  return c;
}

/** Empty the projections and the consumer's inbox (a rebuild replays every topic into them). */
export async function emptyProjections(db: Executor, consumer: string): Promise<void> {
  await db.execute(sql`truncate timeline_entries, clocks, case_summaries`);
  await db.execute(sql`delete from inbox where consumer = ${consumer}`);
}

/** How many events the consumer has applied. */
export async function inboxCount(db: Executor, consumer: string): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from inbox where consumer = ${consumer}`);
  return row?.n ?? 0;
}
