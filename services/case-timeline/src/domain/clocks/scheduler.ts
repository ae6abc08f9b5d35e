import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { enqueue, newEvent } from '@linkage/messaging';
import type { SlaBreachedV1, SlaWarningV1 } from '@linkage/contracts';
import { clockEventIdOf } from './ids.ts';

interface DueRow extends Record<string, unknown> {
  id: string;
  rule_id: string;
  subject_key: string;
  case_id: string;
  dept: string | null;
  street: string | null;
  severity: string;
  started_at: Date;
  deadline: Date;
  warn_at: Date;
}

const ACTOR = { role: 'system', dept: 'svc:case-timeline' };

/**
 * One pass of the clock scheduler at `now` (injected): claim due clocks with FOR UPDATE SKIP LOCKED,
 * mark them, and write their oversight events in the same transaction. Several instances may run
 * at once: a clock is claimed by exactly one, and its event has a deterministic id (written once).
 */
export async function tick(
  app: FastifyInstance,
  now: Date,
  batch = 200,
): Promise<{ warned: number; breached: number }> {
  const at = now.toISOString();
  const breached = await app.store.db.transaction(async (tx) => {
    const rows = await tx.execute<DueRow>(sql`
      with due as (
        select id from clocks
        where status = 'pending' and completed_at is null and deadline <= ${at}::timestamptz
        order by deadline limit ${batch}
        for update skip locked)
      update clocks c set status = 'breached', breached_at = ${at}::timestamptz
      from due where c.id = due.id
      returning c.id, c.rule_id, c.subject_key, c.case_id, c.dept, c.severity, c.started_at, c.deadline, c.warn_at,
        (select street from case_summaries s where s.case_id = c.case_id) as street`);
    const events = rows.map((r) =>
      newEvent('oversight.sla.breached.v1', {
        id: clockEventIdOf(r.id, 'breached', new Date(r.deadline)),
        source: app.service.source,
        subject: r.case_id,
        actor: ACTOR,
        time: now,
        data: { ...facts(r), breachedAt: at } as SlaBreachedV1['data'],
      }),
    );
    await enqueue(tx, events, { ifAbsent: true });
    return rows.length;
  });
  const warned = await app.store.db.transaction(async (tx) => {
    const rows = await tx.execute<DueRow>(sql`
      with due as (
        select id from clocks
        where status = 'pending' and completed_at is null and warned_at is null
          and warn_at <= ${at}::timestamptz and deadline > ${at}::timestamptz
        order by warn_at limit ${batch}
        for update skip locked)
      update clocks c set warned_at = ${at}::timestamptz
      from due where c.id = due.id
      returning c.id, c.rule_id, c.subject_key, c.case_id, c.dept, c.severity, c.started_at, c.deadline, c.warn_at,
        (select street from case_summaries s where s.case_id = c.case_id) as street`);
    const events = rows.map((r) =>
      newEvent('oversight.sla.warning.v1', {
        id: clockEventIdOf(r.id, 'warning', new Date(r.warn_at)),
        source: app.service.source,
        subject: r.case_id,
        actor: ACTOR,
        time: now,
        data: { ...facts(r), warnAt: new Date(r.warn_at).toISOString() } as SlaWarningV1['data'],
      }),
    );
    await enqueue(tx, events, { ifAbsent: true });
    return rows.length;
  });
  return { warned, breached };
}

function facts(r: DueRow) {
  return {
    clockId: r.id,
    ruleId: r.rule_id,
    subjectKey: r.subject_key,
    caseId: r.case_id,
    dept: r.dept,
    street: r.street,
    severity: r.severity,
    startedAt: new Date(r.started_at).toISOString(),
    deadline: new Date(r.deadline).toISOString(),
  };
}
