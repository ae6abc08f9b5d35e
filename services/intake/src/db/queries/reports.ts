import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { cases, mandatoryReports, receiptNumberSeq } from '../schema.ts';

/** A mandatory report's receipt number: MR-<year in Beijing>-<the sequence's value, six digits>. */
export const receiptNumberOf = (year: number, n: string | number) => `MR-${year}-${String(n).padStart(6, '0')}`;

export async function nextReceiptNumber(tx: Executor, year: number): Promise<string> {
  const [row] = await tx.execute<{ n: string }>(sql`select nextval(${receiptNumberSeq.seqName}) as n`);
  return receiptNumberOf(year, row!.n);
}

export async function insertMandatoryReport(tx: Executor, row: typeof mandatoryReports.$inferInsert): Promise<void> {
  await tx.insert(mandatoryReports).values(row);
}

/** A reporter's own reports (by account and institution), with the case status. */
export async function reportsOf(db: Executor, reporterSub: string, reporterDept: string, receiptNumber?: string) {
  return db
    .select({
      receiptNumber: mandatoryReports.receiptNumber,
      receivedAt: mandatoryReports.receivedAt,
      caseId: cases.id,
      status: cases.status,
      requested: cases.requested,
    })
    .from(mandatoryReports)
    .innerJoin(cases, eq(cases.id, mandatoryReports.caseId))
    .where(
      and(
        eq(mandatoryReports.reporterSub, reporterSub),
        eq(mandatoryReports.reporterDept, reporterDept),
        receiptNumber ? eq(mandatoryReports.receiptNumber, receiptNumber) : undefined,
      ),
    )
    .orderBy(desc(mandatoryReports.receivedAt))
    .limit(200);
}

export async function mandatoryReportOfCase(db: Executor, caseId: string) {
  const [row] = await db.select().from(mandatoryReports).where(eq(mandatoryReports.caseId, caseId));
  return row;
}
