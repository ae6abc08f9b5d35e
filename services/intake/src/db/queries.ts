import { eq, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { cases, caseNumberSeq, referralRequests, type CaseRow } from './schema.ts';

export async function nextCaseNumber(tx: Executor, year: number): Promise<string> {
  const [row] = await tx.execute<{ n: string }>(sql`select nextval(${caseNumberSeq.seqName}) as n`);
  return `BL-${year}-${String(row!.n).padStart(6, '0')}`;
}

export async function insertCase(tx: Executor, row: typeof cases.$inferInsert): Promise<void> {
  await tx.insert(cases).values(row);
}

export async function insertReferralRequests(tx: Executor, rows: (typeof referralRequests.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await tx.insert(referralRequests).values(rows);
}

export async function findCase(db: Executor, id: string): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export async function referralRequestsOf(db: Executor, caseId: string) {
  return db.select().from(referralRequests).where(eq(referralRequests.caseId, caseId));
}
