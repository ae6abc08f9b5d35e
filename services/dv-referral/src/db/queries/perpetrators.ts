import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { perpetratorProgrammes } from '../schema.ts';

// ---- perpetrator education and correction (plan 二(七)4) ----

export async function insertProgramme(tx: Executor, row: typeof perpetratorProgrammes.$inferInsert) {
  const [r] = await tx.insert(perpetratorProgrammes).values(row).returning();
  return r!;
}
export async function lockProgramme(tx: Executor, id: string) {
  const [r] = await tx.select().from(perpetratorProgrammes).where(eq(perpetratorProgrammes.id, id)).for('update');
  return r;
}
export async function programmesOfCase(db: Executor, caseId: string) {
  return db
    .select()
    .from(perpetratorProgrammes)
    .where(eq(perpetratorProgrammes.caseId, caseId))
    .orderBy(asc(perpetratorProgrammes.referredAt));
}
export async function concludeProgrammeRow(tx: Executor, id: string, outcome: string, concludedAt: Date) {
  const [u] = await tx
    .update(perpetratorProgrammes)
    .set({ status: 'concluded', outcome, concludedAt, version: sql`${perpetratorProgrammes.version} + 1` })
    .where(eq(perpetratorProgrammes.id, id))
    .returning();
  return u!;
}
