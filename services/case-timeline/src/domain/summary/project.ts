import { eq } from 'drizzle-orm';
import type { LinkageEvent } from '@linkage/contracts';
import { parseActor } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { caseSummaries } from '../../db/schema.ts';
import { nextStage, type Stage } from './stages.ts';

/** Keep the case's summary (stage, departments involved, street) current. Idempotent and order-tolerant. */
export async function projectSummary(tx: Executor, e: LinkageEvent): Promise<void> {
  const caseId = e.subject;
  const at = new Date(e.time);
  const [row] = await tx.select().from(caseSummaries).where(eq(caseSummaries.caseId, caseId)).for('update');
  const depts = new Set(row?.departments ?? []);
  const actor = parseActor(e.actor);
  if (actor.role !== 'system') depts.add(actor.dept);
  const assigned = (e.data as Record<string, unknown>).assignedDept;
  if (typeof assigned === 'string') depts.add(assigned);
  const stage = nextStage((row?.stage as Stage | undefined) ?? null, e.type) ?? 'intake';
  const opened = e.type === 'intake.case.opened.v1' ? e.data : null;
  const values = {
    caseId,
    stage,
    departments: [...depts].sort(),
    lastEventAt: row && row.lastEventAt > at ? row.lastEventAt : at,
    closedAt: stage === 'closed' ? (row?.closedAt ?? at) : null,
    ...(opened
      ? { caseNumber: opened.caseNumber, category: opened.category, street: opened.street, riskLevel: opened.riskLevel, repeat: opened.repeat, openedAt: new Date(opened.openedAt) }
      : {}),
  };
  if (row) await tx.update(caseSummaries).set(values).where(eq(caseSummaries.caseId, caseId));
  else await tx.insert(caseSummaries).values(values);
}
