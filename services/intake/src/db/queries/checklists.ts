import { eq, sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { DASH_V1, type Checklist } from '../../domain/risk/checklist.ts';
import { riskChecklists } from '../schema.ts';

/** The active risk checklist: the latest published by an admin, else the built-in default. */
export async function activeChecklist(db: Executor): Promise<Checklist> {
  const [row] = await db.select().from(riskChecklists).where(eq(riskChecklists.active, true));
  return row ? (row.definition as Checklist) : DASH_V1;
}

/** Publish a new version and make it the active one (the previous stays, inactive). */
export async function publishChecklist(tx: Executor, c: Checklist, by: string, at: Date): Promise<boolean> {
  await tx.execute(sql`lock table risk_checklists in share row exclusive mode`);
  const [exists] = await tx
    .select({ v: riskChecklists.version })
    .from(riskChecklists)
    .where(eq(riskChecklists.version, c.version));
  if (exists || c.version === DASH_V1.version) return false;
  await tx.update(riskChecklists).set({ active: false }).where(eq(riskChecklists.active, true));
  await tx
    .insert(riskChecklists)
    .values({ version: c.version, definition: c, active: true, publishedAt: at, publishedBy: by });
  return true;
}
