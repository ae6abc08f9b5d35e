import { eq, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { dvCases, intakeCases, protectionOrders, referrals, type DvCaseRow } from '../schema.ts';

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
/**
 * `ensureCase` with the owning unit intake announced (case.opened precedes its requests on the partition), else
 * `defaultOwner`, in one statement.
 */
export async function ensureCaseOwned(
  tx: Executor,
  row: Omit<typeof dvCases.$inferInsert, 'ownerDept'>,
  defaultOwner: string,
): Promise<void> {
  await tx.execute(sql`
    insert into dv_cases (case_id, owner_dept, risk_level, street, created_at)
    select ${row.caseId}::uuid,
      coalesce((select owner_dept from intake_cases where case_id = ${row.caseId}::uuid), ${defaultOwner}),
      ${row.riskLevel}, ${row.street ?? null}, ${row.createdAt.toISOString()}::timestamptz
    on conflict (case_id) do nothing`);
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
