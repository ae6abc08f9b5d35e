import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { referrals, type ReferralRow } from './schema.ts';

/** Insert unless a referral for the same request and department exists. Returns whether it was new. */
export async function insertReferralIfNew(tx: Executor, row: typeof referrals.$inferInsert): Promise<boolean> {
  const inserted = await tx.insert(referrals).values(row).onConflictDoNothing({ target: [referrals.requestId, referrals.department] }).returning({ id: referrals.id });
  return inserted.length > 0;
}

export async function findReferral(db: Executor, id: string): Promise<ReferralRow | undefined> {
  const [r] = await db.select().from(referrals).where(eq(referrals.id, id));
  return r;
}

export async function referralsForDept(db: Executor, dept: string | null, status?: string): Promise<ReferralRow[]> {
  const where: SQL[] = [];
  if (dept) where.push(eq(referrals.assignedDept, dept));
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
