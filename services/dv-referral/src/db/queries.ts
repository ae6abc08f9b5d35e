import { and, asc, count, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import {
  dvCases,
  intakeCases,
  followups,
  injuryAssessments,
  placements,
  policeVisits,
  protectionOrders,
  referrals,
  shelters,
  warningLetters,
  type DvCaseRow,
  type ReferralRow,
} from './schema.ts';

// ---- cases ----

/** intake's announcement of a case (case.opened / case.updated): its owning unit and street. */
export async function upsertIntakeCase(
  tx: Executor,
  row: { caseId: string; ownerDept?: string | null; street: string | null; updatedAt: Date },
): Promise<void> {
  await tx
    .insert(intakeCases)
    .values({ caseId: row.caseId, ownerDept: row.ownerDept ?? null, street: row.street, updatedAt: row.updatedAt })
    .onConflictDoUpdate({
      target: intakeCases.caseId,
      set: {
        street: row.street,
        updatedAt: row.updatedAt,
        ...(row.ownerDept !== undefined ? { ownerDept: row.ownerDept } : {}),
      },
    });
  // the DV part follows the case's street
  await tx.update(dvCases).set({ street: row.street }).where(eq(dvCases.caseId, row.caseId));
}

export async function findIntakeCase(db: Executor, caseId: string) {
  const [r] = await db.select().from(intakeCases).where(eq(intakeCases.caseId, caseId));
  return r;
}

/** The departments that received a referral of the case (a police station, a shelter…). */
export async function referralDeptsOfCase(
  db: Executor,
  caseId: string,
): Promise<{ department: string; assignedDept: string }[]> {
  return db
    .selectDistinct({ department: referrals.department, assignedDept: referrals.assignedDept })
    .from(referrals)
    .where(eq(referrals.caseId, caseId));
}

/** The courts that hold a protection-order application of the case. */
export async function courtsOfCase(db: Executor, caseId: string): Promise<string[]> {
  return (
    await db
      .selectDistinct({ courtDept: protectionOrders.courtDept })
      .from(protectionOrders)
      .where(eq(protectionOrders.caseId, caseId))
  ).map((r) => r.courtDept);
}

/** The DV part of a case, created on the first referral (idempotent). */
export async function ensureCase(tx: Executor, row: typeof dvCases.$inferInsert): Promise<void> {
  await tx.insert(dvCases).values(row).onConflictDoNothing({ target: dvCases.caseId });
}
export async function lockCase(tx: Executor, caseId: string): Promise<DvCaseRow | undefined> {
  const [r] = await tx.select().from(dvCases).where(eq(dvCases.caseId, caseId)).for('update');
  return r;
}
export async function findCase(db: Executor, caseId: string): Promise<DvCaseRow | undefined> {
  const [r] = await db.select().from(dvCases).where(eq(dvCases.caseId, caseId));
  return r;
}
export async function updateCase(
  tx: Executor,
  caseId: string,
  patch: Partial<typeof dvCases.$inferInsert>,
): Promise<void> {
  await tx
    .update(dvCases)
    .set({ ...patch, version: sql`${dvCases.version} + 1` })
    .where(eq(dvCases.caseId, caseId));
}

// ---- referrals ----

/**
 * Insert unless a referral for the same request (or safeguarding concern) and department exists. Returns whether it was
 * new.
 */
export async function insertReferralIfNew(tx: Executor, row: typeof referrals.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(referrals).values(row).onConflictDoNothing().returning({ id: referrals.id });
  return inserted.length > 0;
}
export async function findReferral(db: Executor, id: string): Promise<ReferralRow | undefined> {
  const [r] = await db.select().from(referrals).where(eq(referrals.id, id));
  return r;
}
export async function lockReferral(tx: Executor, id: string): Promise<ReferralRow | undefined> {
  const [r] = await tx.select().from(referrals).where(eq(referrals.id, id)).for('update');
  return r;
}
export async function updateReferral(
  tx: Executor,
  id: string,
  patch: Partial<typeof referrals.$inferInsert>,
): Promise<ReferralRow> {
  const [r] = await tx
    .update(referrals)
    .set({ ...patch, version: sql`${referrals.version} + 1` })
    .where(eq(referrals.id, id))
    .returning();
  return r!;
}
/** `streets`: null = every street, otherwise only referrals in one of them (none without a street). */
export async function referralsForDept(
  db: Executor,
  dept: string | null,
  status?: string,
  streets: string[] | null = null,
): Promise<ReferralRow[]> {
  const where: SQL[] = [];
  if (dept) where.push(eq(referrals.assignedDept, dept));
  if (streets) where.push(inArray(referrals.street, streets.length ? streets : ['-']));
  if (status) where.push(eq(referrals.status, status));
  return db
    .select()
    .from(referrals)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(referrals.acceptBy))
    .limit(500);
}
export async function referralsOfCase(db: Executor, caseId: string): Promise<ReferralRow[]> {
  return db.select().from(referrals).where(eq(referrals.caseId, caseId)).orderBy(asc(referrals.createdAt));
}
export async function countOpenReferrals(tx: Executor, caseId: string): Promise<number> {
  const [r] = await tx
    .select({ n: count() })
    .from(referrals)
    .where(and(eq(referrals.caseId, caseId), inArray(referrals.status, ['requested', 'accepted', 'in_progress'])));
  return r?.n ?? 0;
}

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

// ---- protection orders ----

export async function lockOrder(tx: Executor, id: string) {
  const [r] = await tx.select().from(protectionOrders).where(eq(protectionOrders.id, id)).for('update');
  return r;
}
export async function findOrder(db: Executor, id: string) {
  const [r] = await db.select().from(protectionOrders).where(eq(protectionOrders.id, id));
  return r;
}
export async function ordersForCourt(db: Executor, courtDept: string) {
  return db
    .select()
    .from(protectionOrders)
    .where(eq(protectionOrders.courtDept, courtDept))
    .orderBy(asc(protectionOrders.appliedAt))
    .limit(500);
}
/**
 * Claim orders whose expiry reminder is due. FOR UPDATE SKIP LOCKED: with several instances,
 * each row is claimed by exactly one of them; the claim holds until the caller's transaction ends.
 */
/** Issued orders past their end date (ADVL Art. 30), claimed so two instances never expire one twice. */
export async function claimLapsedOrders(tx: Executor, now: Date, limit: number) {
  return tx
    .select()
    .from(protectionOrders)
    .where(and(eq(protectionOrders.status, 'issued'), lte(protectionOrders.validUntil, now)))
    .orderBy(asc(protectionOrders.validUntil))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function claimDueReminders(tx: Executor, now: Date, limit: number) {
  return tx
    .select()
    .from(protectionOrders)
    .where(
      and(
        eq(protectionOrders.status, 'issued'),
        isNull(protectionOrders.remindedAt),
        lte(protectionOrders.remindAt, now),
      ),
    )
    .orderBy(asc(protectionOrders.remindAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

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
