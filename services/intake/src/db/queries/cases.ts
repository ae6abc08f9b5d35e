import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { caseNumberSeq, cases, notes, referralRequests, riskAssessments, type CaseRow } from '../schema.ts';

/** A case number: BL-<year in Beijing>-<the sequence's value, six digits>. */
export const caseNumberOf = (year: number, n: string | number) => `BL-${year}-${String(n).padStart(6, '0')}`;

export async function nextCaseNumber(tx: Executor, year: number): Promise<string> {
  const [row] = await tx.execute<{ n: string }>(sql`select nextval(${caseNumberSeq.seqName}) as n`);
  return caseNumberOf(year, row!.n);
}

export async function insertCase(tx: Executor, row: typeof cases.$inferInsert): Promise<void> {
  await tx.insert(cases).values(row);
}

export async function updateCase(tx: Executor, id: string, set: Partial<typeof cases.$inferInsert>): Promise<void> {
  await tx.update(cases).set(set).where(eq(cases.id, id));
}

export async function findCase(db: Executor, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

/** The case row, locked until the transaction ends: commands on one case are serialised. */
export async function lockCase(tx: Executor, id: string): Promise<CaseRow | undefined> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
  return row;
}

export async function insertReferralRequests(
  tx: Executor,
  rows: (typeof referralRequests.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await tx.insert(referralRequests).values(rows);
}

export async function referralRequestsOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(referralRequests)
    .where(eq(referralRequests.caseId, caseId))
    .orderBy(asc(referralRequests.requestedAt), asc(referralRequests.id));
}

export async function insertRiskAssessment(tx: Executor, row: typeof riskAssessments.$inferInsert): Promise<void> {
  await tx.insert(riskAssessments).values(row);
}

export async function riskAssessmentsOf(db: Executor, caseId: string) {
  return db
    .select()
    .from(riskAssessments)
    .where(eq(riskAssessments.caseId, caseId))
    .orderBy(asc(riskAssessments.assessedAt), asc(riskAssessments.id));
}

export async function insertNote(tx: Executor, row: typeof notes.$inferInsert): Promise<void> {
  await tx.insert(notes).values(row);
}

export async function notesOf(db: Executor, caseId: string) {
  return db.select().from(notes).where(eq(notes.caseId, caseId)).orderBy(asc(notes.createdAt), asc(notes.id));
}

export interface CaseFilter {
  ownerDept?: string | undefined;
  streets?: string[] | undefined;
  status?: string | undefined;
  riskLevel?: string | undefined;
  street?: string | undefined;
  category?: string | undefined;
  repeat?: boolean | undefined;
  openedFrom?: Date | undefined;
  openedTo?: Date | undefined;
}

export async function searchCases(db: Executor, f: CaseFilter, page: number, pageSize: number) {
  const where: SQL[] = [];
  if (f.ownerDept) where.push(eq(cases.ownerDept, f.ownerDept));
  if (f.streets && f.streets.length > 0) where.push(inArray(cases.street, f.streets));
  if (f.status) where.push(eq(cases.status, f.status));
  if (f.riskLevel) where.push(eq(cases.riskLevel, f.riskLevel));
  if (f.street) where.push(eq(cases.street, f.street));
  if (f.category) where.push(eq(cases.category, f.category));
  if (f.repeat !== undefined) where.push(eq(cases.repeat, f.repeat));
  if (f.openedFrom) where.push(gte(cases.openedAt, f.openedFrom));
  if (f.openedTo) where.push(lte(cases.openedAt, f.openedTo));
  const cond = where.length > 0 ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(cases).where(cond);
  const items = await db
    .select({
      id: cases.id,
      caseNumber: cases.caseNumber,
      channel: cases.channel,
      category: cases.category,
      street: cases.street,
      riskLevel: cases.riskLevel,
      repeat: cases.repeat,
      status: cases.status,
      openedAt: cases.openedAt,
      version: cases.version,
    })
    .from(cases)
    .where(cond)
    .orderBy(desc(cases.openedAt), desc(cases.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { total: total?.n ?? 0, items };
}
