import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import {
  applications,
  caseOwners,
  conflicts,
  lawyers,
  progressNotes,
  type ApplicationRow,
  type LawyerRow,
} from './schema.ts';

/** Insert unless an application for the same intake request exists. Returns whether it was new. */
export async function insertApplicationIfNew(tx: Executor, row: typeof applications.$inferInsert): Promise<boolean> {
  const inserted = await tx
    .insert(applications)
    .values(row)
    .onConflictDoNothing({ target: applications.requestId })
    .returning({ id: applications.id });
  return inserted.length > 0;
}

export async function insertApplication(tx: Executor, row: typeof applications.$inferInsert): Promise<void> {
  await tx.insert(applications).values(row);
}

export async function findApplication(db: Executor, id: string): Promise<ApplicationRow | undefined> {
  const [r] = await db.select().from(applications).where(eq(applications.id, id));
  return r;
}

/** Read and lock one application for a state change (writes to one aggregate are serialised). */
export async function lockApplication(tx: Executor, id: string): Promise<ApplicationRow | undefined> {
  const [r] = await tx.select().from(applications).where(eq(applications.id, id)).for('update');
  return r;
}

export async function updateApplication(
  tx: Executor,
  id: string,
  patch: Partial<ApplicationRow>,
): Promise<ApplicationRow> {
  const [r] = await tx
    .update(applications)
    .set({ ...patch, version: sql`${applications.version} + 1` })
    .where(eq(applications.id, id))
    .returning();
  return r!;
}

/** Applications whose materials period has ended (LAL Art. 43), claimed so two instances never take the same one. */
export async function claimMaterialsOverdue(tx: Executor, now: Date, limit: number): Promise<ApplicationRow[]> {
  return tx
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.status, 'materials_requested'),
        sql`${applications.supplyBy} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(applications.supplyBy))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function applicationsOfCentre(
  db: Executor,
  centreDept: string,
  status?: string,
): Promise<ApplicationRow[]> {
  return db
    .select()
    .from(applications)
    .where(and(eq(applications.centreDept, centreDept), status ? eq(applications.status, status) : undefined))
    .orderBy(asc(applications.decideBy))
    .limit(500);
}

export async function applicationsOfCase(db: Executor, caseId: string): Promise<ApplicationRow[]> {
  return db.select().from(applications).where(eq(applications.caseId, caseId)).orderBy(asc(applications.receivedAt));
}

export async function insertConflicts(tx: Executor, rows: (typeof conflicts.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(conflicts).values(rows).onConflictDoNothing();
}

export async function conflictsOf(db: Executor, applicationId: string) {
  return db
    .select()
    .from(conflicts)
    .where(eq(conflicts.applicationId, applicationId))
    .orderBy(asc(conflicts.recordedAt));
}

export async function insertLawyer(db: Executor, row: typeof lawyers.$inferInsert): Promise<LawyerRow> {
  const [r] = await db.insert(lawyers).values(row).returning();
  return r!;
}

export async function listLawyers(db: Executor): Promise<LawyerRow[]> {
  return db.select().from(lawyers).orderBy(asc(lawyers.name), asc(lawyers.id));
}

export async function findLawyer(db: Executor, id: string): Promise<LawyerRow | undefined> {
  const [r] = await db.select().from(lawyers).where(eq(lawyers.id, id));
  return r;
}

/** Lock the active lawyers (in id order, so concurrent assignments cannot deadlock or overfill a caseload). */
export async function lockActiveLawyers(tx: Executor): Promise<LawyerRow[]> {
  return tx.select().from(lawyers).where(eq(lawyers.active, true)).orderBy(asc(lawyers.id)).for('update');
}

export async function changeCaseload(tx: Executor, lawyerId: string, delta: 1 | -1): Promise<void> {
  await tx
    .update(lawyers)
    .set({ activeCases: sql`greatest(${lawyers.activeCases} + ${delta}, 0)` })
    .where(eq(lawyers.id, lawyerId));
}

export async function insertNote(tx: Executor, row: typeof progressNotes.$inferInsert): Promise<void> {
  await tx.insert(progressNotes).values(row);
}

export async function notesOf(db: Executor, applicationId: string) {
  return db
    .select()
    .from(progressNotes)
    .where(eq(progressNotes.applicationId, applicationId))
    .orderBy(asc(progressNotes.notedAt), asc(progressNotes.id));
}

export async function lawyersByIds(db: Executor, ids: string[]): Promise<LawyerRow[]> {
  return ids.length ? db.select().from(lawyers).where(inArray(lawyers.id, ids)) : [];
}

/**
 * Indicator 11 (INDICATOR_11 in contracts, one definition): distinct women — per intake case, or per application
 * without one — with an application approved or urgent aid started in [from, to), by street and matter type.
 */
export async function womenGranted(db: Executor, from: Date, to: Date) {
  const f = from.toISOString();
  const t = to.toISOString();
  const inPeriod = (col: SQL) => sql`(${col} >= ${f}::timestamptz and ${col} < ${t}::timestamptz)`;
  const person = sql`coalesce(${applications.caseId}, ${applications.id})`;
  return db
    .select({
      street: applications.street,
      matterType: applications.matterType,
      count: sql<number>`count(distinct ${person})::int`,
    })
    .from(applications)
    .where(
      and(
        eq(applications.applicantGender, 'female'),
        sql`((${isNotNull(applications.approvedVia)} and ${inPeriod(sql`${applications.decidedAt}`)}) or ${inPeriod(sql`${applications.urgentAidStartedAt}`)})`,
      ),
    )
    .groupBy(applications.street, applications.matterType)
    .orderBy(asc(applications.street), asc(applications.matterType));
}

/** Indicator 11 by one dimension (or none: the total) — each woman once per group. */
export async function womenGrantedBy(
  db: Executor,
  from: Date,
  to: Date,
  by: 'street' | 'matter_type' | null,
): Promise<{ key: string | null; n: number }[]> {
  const f = from.toISOString();
  const t = to.toISOString();
  const key = by === 'street' ? sql`street` : by === 'matter_type' ? sql`matter_type` : sql`null::text`;
  return db.execute<{ key: string | null; n: number }>(sql`
    select ${key} as key, count(distinct coalesce(case_id, id))::int as n from applications
    where applicant_gender = 'female'
      and ((approved_via is not null and decided_at >= ${f}::timestamptz and decided_at < ${t}::timestamptz)
        or (urgent_aid_started_at >= ${f}::timestamptz and urgent_aid_started_at < ${t}::timestamptz))
    group by 1 order by 1`);
}

/** intake's announcement of a case: its owning unit and street (case.opened, then case.updated). */
export async function upsertCaseOwner(
  tx: Executor,
  row: { caseId: string; ownerDept?: string | null; street: string | null; updatedAt: Date },
): Promise<void> {
  await tx
    .insert(caseOwners)
    .values({ caseId: row.caseId, ownerDept: row.ownerDept ?? null, street: row.street, updatedAt: row.updatedAt })
    .onConflictDoUpdate({
      target: caseOwners.caseId,
      set: {
        street: row.street,
        updatedAt: row.updatedAt,
        ...(row.ownerDept !== undefined ? { ownerDept: row.ownerDept } : {}),
      },
    });
}

export async function caseOwnerOf(db: Executor, caseId: string | null): Promise<string | null> {
  if (!caseId) return null;
  const [r] = await db
    .select({ ownerDept: caseOwners.ownerDept })
    .from(caseOwners)
    .where(eq(caseOwners.caseId, caseId));
  return r?.ownerDept ?? null;
}
