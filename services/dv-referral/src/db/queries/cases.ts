import { eq, sql } from 'drizzle-orm';
import { bulkInsert, onConflictUpdate, type Executor } from '@linkage/db';
import { dvCases, intakeCases, protectionOrders, referrals, type DvCaseRow } from '../schema.ts';

// ---- cases ----

/** intake's announcement of a case (case.opened / case.updated) as it leaves the case row. */
export interface IntakeCaseNews {
  caseId: string;
  /** Set (case.opened: possibly null); absent = the row keeps its owner (case.updated). */
  ownerDept?: string | null;
  street: string | null;
  updatedAt: Date;
}

/**
 * intake's announcements, at most one per case (a case's several announcements folded in memory, the last one's
 * street), in one round trip whatever their number: the cases whose owner is set, those whose owner is kept, and the DV
 * parts following their case's street.
 */
export async function saveIntakeCases(tx: Executor, rows: readonly IntakeCaseNews[]): Promise<void> {
  if (rows.length === 0) return;
  const row = (r: IntakeCaseNews) => ({
    caseId: r.caseId,
    ownerDept: r.ownerDept ?? null,
    street: r.street,
    updatedAt: r.updatedAt,
  });
  const owned = rows.filter((r) => r.ownerDept !== undefined);
  const kept = rows.filter((r) => r.ownerDept === undefined);
  const streets = JSON.stringify(rows.map((r) => ({ case_id: r.caseId, street: r.street })));
  await Promise.all([
    owned.length > 0 &&
      tx.execute(
        bulkInsert(
          intakeCases,
          owned.map(row),
          onConflictUpdate(intakeCases, 'caseId', ['ownerDept', 'street', 'updatedAt']),
        ),
      ),
    kept.length > 0 &&
      tx.execute(
        bulkInsert(intakeCases, kept.map(row), onConflictUpdate(intakeCases, 'caseId', ['street', 'updatedAt'])),
      ),
    // the DV part follows the case's street
    tx.execute(sql`
      update dv_cases d set street = v.street
      from jsonb_to_recordset(${streets}::jsonb) as v(case_id uuid, street text)
      where d.case_id = v.case_id`),
  ]);
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
 * `ensureCase` for many cases in one statement (the first row of a case counts), each owned by the unit intake
 * announced (case.opened precedes its requests on the partition), else `defaultOwner`.
 */
export async function ensureCasesOwned(
  tx: Executor,
  rows: readonly { caseId: string; riskLevel: string; street: string | null; createdAt: Date }[],
  defaultOwner: string,
): Promise<void> {
  const seen = new Set<string>();
  const first = rows.filter((r) => !seen.has(r.caseId) && !!seen.add(r.caseId));
  if (first.length === 0) return;
  const json = JSON.stringify(
    first.map((r) => ({ case_id: r.caseId, risk_level: r.riskLevel, street: r.street, created_at: r.createdAt })),
  );
  await tx.execute(sql`
    insert into dv_cases (case_id, owner_dept, risk_level, street, created_at)
    select v.case_id, coalesce(i.owner_dept, ${defaultOwner}), v.risk_level, v.street, v.created_at
    from jsonb_to_recordset(${json}::jsonb) as v(case_id uuid, risk_level text, street text, created_at timestamptz)
    left join intake_cases i on i.case_id = v.case_id
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
