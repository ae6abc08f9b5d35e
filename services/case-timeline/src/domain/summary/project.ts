import { eq } from 'drizzle-orm';
import type { LinkageEvent } from '@linkage/contracts';
import { parseActor } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { caseSummaries } from '../../db/schema.ts';
import { nextStage, STAGES, type Stage } from './stages.ts';

/** Keep the case's summary (stage, departments involved, street) current. Idempotent and order-tolerant. */
export async function projectSummary(tx: Executor, e: LinkageEvent): Promise<void> {
  const caseId = e.subject;
  const at = new Date(e.time);
  // Make sure the row exists before locking it, so concurrent first events of a case (from two topics) serialise.
  // The placeholder stage 'new' never outlives this transaction: the update below replaces it.
  await tx.insert(caseSummaries).values({ caseId, stage: 'new', lastEventAt: at }).onConflictDoNothing();
  const [row] = await tx.select().from(caseSummaries).where(eq(caseSummaries.caseId, caseId)).for('update');
  const depts = new Set(row?.departments ?? []);
  const actor = parseActor(e.actor);
  if (actor.role !== 'system') depts.add(actor.dept);
  const assigned = (e.data as Record<string, unknown>).assignedDept;
  if (typeof assigned === 'string') depts.add(assigned);
  const current = row && (STAGES as readonly string[]).includes(row.stage) ? (row.stage as Stage) : null;
  const stage = nextStage(current, e.type) ?? 'intake';
  const opened = e.type === 'intake.case.opened.v1' ? e.data : null;
  // The case's street can change in intake (a corrected address): access follows the latest one.
  const updated = e.type === 'intake.case.updated.v1' ? e.data : null;
  const values = {
    caseId,
    stage,
    departments: [...depts].sort(),
    lastEventAt: row && row.lastEventAt > at ? row.lastEventAt : at,
    closedAt: stage === 'closed' ? (row?.closedAt ?? at) : null,
    ...(opened
      ? {
          caseNumber: opened.caseNumber,
          category: opened.category,
          street: opened.street,
          ownerDept: opened.ownerDept ?? (actor.role !== 'system' ? actor.dept : null),
          riskLevel: opened.riskLevel,
          repeat: opened.repeat,
          openedAt: new Date(opened.openedAt),
        }
      : {}),
    // (intake's events of one case are ordered on their partition: an update never precedes the opening)
    ...(updated ? { street: updated.street, category: updated.category } : {}),
  };
  await tx.update(caseSummaries).set(values).where(eq(caseSummaries.caseId, caseId));
}
