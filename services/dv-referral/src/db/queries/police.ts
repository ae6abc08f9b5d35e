import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { callouts, committeeVisits, policeVisits, warningLetters } from '../schema.ts';

// ---- police ----

export async function lockWarningLetter(tx: Executor, id: string) {
  const [r] = await tx.select().from(warningLetters).where(eq(warningLetters.id, id)).for('update');
  return r;
}
export async function lockPoliceVisit(tx: Executor, id: string) {
  const [r] = await tx.select().from(policeVisits).where(eq(policeVisits.id, id)).for('update');
  return r;
}
export async function visitsOfLetter(db: Executor, letterId: string) {
  return db
    .select()
    .from(policeVisits)
    .where(eq(policeVisits.warningLetterId, letterId))
    .orderBy(asc(policeVisits.dueAt));
}

export async function insertCallout(tx: Executor, row: typeof callouts.$inferInsert): Promise<void> {
  await tx.insert(callouts).values(row);
}

/** A warning letter and its scheduled follow-up visits. */
export async function insertWarningLetter(
  tx: Executor,
  letter: typeof warningLetters.$inferInsert,
  visits: (typeof policeVisits.$inferInsert)[],
): Promise<void> {
  await tx.insert(warningLetters).values(letter);
  if (visits.length > 0) await tx.insert(policeVisits).values(visits);
}

export async function updateWarningLetterDeliveries(tx: Executor, id: string, deliveries: Record<string, string>) {
  const [u] = await tx
    .update(warningLetters)
    .set({ deliveries, version: sql`${warningLetters.version} + 1` })
    .where(eq(warningLetters.id, id))
    .returning();
  return u!;
}

export async function recordVisit(tx: Executor, id: string, outcome: string, visitedAt: Date) {
  const [u] = await tx
    .update(policeVisits)
    .set({ status: 'done', outcome, visitedAt, version: sql`${policeVisits.version} + 1` })
    .where(eq(policeVisits.id, id))
    .returning();
  return u!;
}

// ---- the residents'/village committee's visits (ADVL Art. 17) ----

export async function insertCommitteeVisits(tx: Executor, rows: (typeof committeeVisits.$inferInsert)[]) {
  if (rows.length > 0) await tx.insert(committeeVisits).values(rows);
}
export async function lockCommitteeVisit(tx: Executor, id: string) {
  const [r] = await tx.select().from(committeeVisits).where(eq(committeeVisits.id, id)).for('update');
  return r;
}
export async function committeeVisitsOfLetter(db: Executor, letterId: string) {
  return db
    .select()
    .from(committeeVisits)
    .where(eq(committeeVisits.warningLetterId, letterId))
    .orderBy(asc(committeeVisits.dueAt));
}
/** A committee's visits still to make, soonest first. */
export async function scheduledCommitteeVisits(db: Executor, dept: string) {
  return db
    .select()
    .from(committeeVisits)
    .where(and(eq(committeeVisits.dept, dept), eq(committeeVisits.status, 'scheduled')))
    .orderBy(asc(committeeVisits.dueAt))
    .limit(500);
}
export async function recordCommitteeVisit(tx: Executor, id: string, outcome: string, visitedAt: Date) {
  const [u] = await tx
    .update(committeeVisits)
    .set({ status: 'done', outcome, visitedAt, version: sql`${committeeVisits.version} + 1` })
    .where(eq(committeeVisits.id, id))
    .returning();
  return u!;
}
