import { asc, eq } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { timelineEntries } from './schema.ts';

/** A case's entries in the order things happened (event time, then the time-ordered event id). */
export async function timelineOf(db: Executor, caseId: string) {
  return db.select().from(timelineEntries).where(eq(timelineEntries.caseId, caseId)).orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.eventId));
}
