import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { counsellingSessions, followups, injuryAssessments, placements, shelters } from '../schema.ts';

// ---- shelters ----

export async function lockShelter(tx: Executor, id: string) {
  const [r] = await tx.select().from(shelters).where(eq(shelters.id, id)).for('update');
  return r;
}
export async function findShelter(db: Executor, id: string) {
  const [r] = await db.select().from(shelters).where(eq(shelters.id, id));
  return r;
}
export async function occupiedBeds(tx: Executor, shelterId: string): Promise<number> {
  const [r] = await tx
    .select({ n: count() })
    .from(placements)
    .where(and(eq(placements.shelterId, shelterId), inArray(placements.status, ['placed', 'checked_in'])));
  return r?.n ?? 0;
}
/** Capacity and free beds per shelter: no personal data. */
export async function shelterAvailability(db: Executor) {
  return db
    .select({
      id: shelters.id,
      dept: shelters.dept,
      label: shelters.label,
      street: shelters.street,
      capacity: shelters.capacity,
      occupied: sql<number>`(select count(*)::int from ${placements} p where p.shelter_id = "shelters"."id" and p.status in ('placed','checked_in'))`,
    })
    .from(shelters)
    .orderBy(asc(shelters.label));
}
export async function lockPlacement(tx: Executor, id: string) {
  const [r] = await tx.select().from(placements).where(eq(placements.id, id)).for('update');
  return r;
}

// ---- health ----

export async function lockAssessment(tx: Executor, id: string) {
  const [r] = await tx.select().from(injuryAssessments).where(eq(injuryAssessments.id, id)).for('update');
  return r;
}

// ---- follow-ups ----

export async function lockFollowup(tx: Executor, id: string) {
  const [r] = await tx.select().from(followups).where(eq(followups.id, id)).for('update');
  return r;
}
export async function followupsOfCase(db: Executor, caseId: string) {
  return db.select().from(followups).where(eq(followups.caseId, caseId)).orderBy(asc(followups.dueAt));
}
export async function cancelDueFollowups(tx: Executor, caseId: string): Promise<void> {
  await tx
    .update(followups)
    .set({ status: 'cancelled', version: sql`${followups.version} + 1` })
    .where(and(eq(followups.caseId, caseId), eq(followups.status, 'due')));
}

// ---- writes ----

export async function insertShelter(tx: Executor, row: typeof shelters.$inferInsert): Promise<void> {
  await tx.insert(shelters).values(row);
}
export async function insertPlacement(tx: Executor, row: typeof placements.$inferInsert) {
  const [r] = await tx.insert(placements).values(row).returning();
  return r!;
}
export async function updatePlacement(tx: Executor, id: string, patch: Partial<typeof placements.$inferInsert>) {
  const [u] = await tx
    .update(placements)
    .set({ ...patch, version: sql`${placements.version} + 1` })
    .where(eq(placements.id, id))
    .returning();
  return u!;
}
export async function insertAssessment(tx: Executor, row: typeof injuryAssessments.$inferInsert) {
  const [r] = await tx.insert(injuryAssessments).values(row).returning();
  return r!;
}
export async function updateAssessment(
  tx: Executor,
  id: string,
  patch: Partial<typeof injuryAssessments.$inferInsert>,
) {
  const [u] = await tx
    .update(injuryAssessments)
    .set({ ...patch, version: sql`${injuryAssessments.version} + 1` })
    .where(eq(injuryAssessments.id, id))
    .returning();
  return u!;
}
export async function insertSession(tx: Executor, row: typeof counsellingSessions.$inferInsert): Promise<void> {
  await tx.insert(counsellingSessions).values(row);
}
export async function insertFollowups(tx: Executor, rows: (typeof followups.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(followups).values(rows).onConflictDoNothing();
}
export async function updateFollowup(tx: Executor, id: string, patch: Partial<typeof followups.$inferInsert>) {
  const [u] = await tx
    .update(followups)
    .set({ ...patch, version: sql`${followups.version} + 1` })
    .where(eq(followups.id, id))
    .returning();
  return u!;
}
