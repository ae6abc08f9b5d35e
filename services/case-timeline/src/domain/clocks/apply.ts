import { sql } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { clocks } from '../../db/schema.ts';
import { effectsOf, type EventFacts } from './engine.ts';
import { clockIdOf } from './ids.ts';
import type { ClockRule } from './rules.ts';
import type { SlaBreachedV1, SlaWarningV1 } from '@linkage/contracts';

/**
 * Apply an event's clock effects. Order-independent: a stop (or cancel) that arrives before its
 * start — possible across topics — is kept, and judged against the deadline once the start arrives.
 */
export async function applyClockEffects(
  tx: Executor,
  caseId: string,
  eventId: string,
  e: EventFacts,
  rules: readonly ClockRule[],
): Promise<void> {
  // Only what the event carries (not the case summary, which a replay may see in another order): deterministic.
  // Queries fall back to the case summary's street.
  for (const f of effectsOf(e, rules)) {
    const id = clockIdOf(f.rule.id, f.subjectKey);
    if (f.kind === 'start') {
      await tx
        .insert(clocks)
        .values({
          id,
          ruleId: f.rule.id,
          subjectKey: f.subjectKey,
          caseId,
          dept: f.dept,
          street: f.street,
          severity: f.severity,
          startedAt: f.startedAt,
          deadline: f.deadline,
          warnAt: f.warnAt,
          startEventId: eventId,
          status: 'pending',
        })
        .onConflictDoUpdate({
          target: clocks.id,
          set: {
            dept: f.dept,
            street: f.street,
            severity: f.severity,
            startedAt: f.startedAt,
            deadline: f.deadline,
            warnAt: f.warnAt,
            startEventId: eventId,
            status: sql`case when ${clocks.status} = 'cancelled' then 'cancelled'
                             when ${clocks.completedAt} is null and ${clocks.breachedAt} is not null then 'breached'
                             when ${clocks.completedAt} is null then 'pending'
                             when ${clocks.completedAt} <= ${f.deadline.toISOString()}::timestamptz then 'met'
                             else 'breached' end`,
          },
          setWhere: sql`${clocks.startedAt} is null`,
        });
    } else if (f.kind === 'pause') {
      await tx
        .update(clocks)
        .set({ status: 'paused' })
        .where(sql`${clocks.id} = ${id} and ${clocks.status} = 'pending'`);
    } else if (f.kind === 'resume') {
      await tx
        .update(clocks)
        .set({ status: 'pending', deadline: f.deadline, warnAt: f.warnAt, warnedAt: null })
        .where(sql`${clocks.id} = ${id} and ${clocks.status} = 'paused'`);
    } else {
      const ended = f.kind === 'stop' ? 'met' : f.kind === 'cancel' ? 'cancelled' : 'failed';
      await tx
        .insert(clocks)
        .values({
          id,
          ruleId: f.rule.id,
          subjectKey: f.subjectKey,
          caseId,
          severity: 'normal',
          status: ended,
          completedAt: f.at,
          stopEventId: eventId,
          stopType: f.stopType,
        })
        .onConflictDoUpdate({
          target: clocks.id,
          set: {
            completedAt: f.at,
            stopEventId: eventId,
            stopType: f.stopType,
            status:
              ended === 'met'
                ? sql`case when ${clocks.deadline} is null or ${f.at.toISOString()}::timestamptz <= ${clocks.deadline} then 'met' else 'breached' end`
                : sql`${ended}`,
          },
          setWhere: sql`${clocks.completedAt} is null and ${clocks.status} <> 'cancelled'`,
        });
    }
  }
}

/**
 * Our own oversight events, read back from the topic: after a rebuild they restore which clocks were
 * warned about and breached, so the scheduler does not announce them again.
 */
export async function applyOversight(tx: Executor, e: SlaWarningV1 | SlaBreachedV1): Promise<void> {
  const d = e.data;
  const base = {
    id: d.clockId,
    ruleId: d.ruleId,
    subjectKey: d.subjectKey,
    caseId: d.caseId,
    severity: d.severity,
    dept: d.dept,
  };
  if (e.type === 'oversight.sla.breached.v1') {
    const at = new Date(e.data.breachedAt);
    await tx
      .insert(clocks)
      .values({ ...base, status: 'breached', breachedAt: at })
      .onConflictDoUpdate({
        target: clocks.id,
        set: {
          breachedAt: at,
          status: sql`case when ${clocks.completedAt} is null and ${clocks.status} = 'pending' then 'breached' else ${clocks.status} end`,
        },
        setWhere: sql`${clocks.breachedAt} is null`,
      });
  } else {
    const at = new Date(e.time);
    await tx
      .insert(clocks)
      .values({ ...base, status: 'pending', warnedAt: at })
      .onConflictDoUpdate({ target: clocks.id, set: { warnedAt: at }, setWhere: sql`${clocks.warnedAt} is null` });
  }
}
