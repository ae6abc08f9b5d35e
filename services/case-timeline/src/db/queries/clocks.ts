import { eq, sql } from 'drizzle-orm';
import { anyUuid, bulkInsert, onConflictUpdate } from '@linkage/db';
import { keysOf, type HasEveryColumn } from './excluded.ts';
import type { EventData } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import type { Severity } from '../../domain/clocks/rule.ts';
import type { Clock } from '../../domain/clocks/state.ts';
import { clocks } from '../schema.ts';

export async function clocksOfCase(db: Executor, caseId: string) {
  return db.select().from(clocks).where(eq(clocks.caseId, caseId));
}

/** Clocks, locked for the rest of the transaction (one not seen yet is absent). */
export async function lockClocks(tx: Executor, ids: readonly string[]): Promise<Clock[]> {
  if (ids.length === 0) return [];
  return tx.select().from(clocks).where(anyUuid(clocks.id, ids)).for('update');
}

true satisfies HasEveryColumn<Clock, typeof clocks>;
/**
 * Write clocks in two statements: the changed ones over their rows, the new ones once. A new clock whose
 * rule and subject already have a clock under another id (an oversight event about a clock this
 * projection never derived) is not written.
 */
export async function saveClocks(tx: Executor, changed: readonly Clock[], added: readonly Clock[]): Promise<void> {
  await Promise.all([
    changed.length > 0 && tx.execute(bulkInsert(clocks, changed, onConflictUpdate(clocks, 'id', keysOf(changed[0]!)))),
    added.length > 0 && tx.execute(bulkInsert(clocks, added, sql`on conflict do nothing`)),
  ]);
}

type Facts = EventData<'oversight.sla.breached.v1'>;

/** A clock the scheduler claimed, with its case's street (both written from validated events). */
export interface DueClock extends Record<string, unknown> {
  id: string;
  rule_id: string;
  subject_key: string;
  case_id: string;
  dept: Facts['dept'];
  street: Facts['street'];
  severity: Severity;
  started_at: Date;
  deadline: Date;
  warn_at: Date;
}

const RETURNING = sql`returning c.id, c.rule_id, c.subject_key, c.case_id, c.dept, c.severity, c.started_at, c.deadline,
  c.warn_at, (select street from case_summaries s where s.case_id = c.case_id) as street`;

/**
 * Claim open clocks past their deadline at `now` (FOR UPDATE SKIP LOCKED: several schedulers may run,
 * each clock is claimed by one) and mark them breached.
 */
export async function claimBreached(tx: Executor, now: Date, batch: number) {
  const at = now.toISOString();
  return tx.execute<DueClock>(sql`
    with due as (
      select id from clocks
      where status = 'pending' and completed_at is null and deadline <= ${at}::timestamptz
      order by deadline limit ${batch}
      for update skip locked)
    update clocks c set status = 'breached', breached_at = ${at}::timestamptz
    from due where c.id = due.id
    ${RETURNING}`);
}

/** Claim open clocks past their warning point (not yet warned about, deadline still ahead) and mark them warned. */
export async function claimWarnings(tx: Executor, now: Date, batch: number) {
  const at = now.toISOString();
  return tx.execute<DueClock>(sql`
    with due as (
      select id from clocks
      where status = 'pending' and completed_at is null and warned_at is null
        and warn_at <= ${at}::timestamptz and deadline > ${at}::timestamptz
      order by warn_at limit ${batch}
      for update skip locked)
    update clocks c set warned_at = ${at}::timestamptz
    from due where c.id = due.id
    ${RETURNING}`);
}

/**
 * Clocks by rule at `now`: `at_risk` (pending, past its warning time, deadline not yet passed), `overdue`
 * (pending, deadline passed, the scheduler has not marked it yet) and `breached` (marked breached).
 */
export async function clockGauge(db: Executor, now: Date) {
  const at = now.toISOString();
  return db.execute<{ rule: string; state: string; n: number }>(sql`
    select rule_id as rule, state, count(*)::int as n from (
      select rule_id,
        case when status = 'breached' then 'breached'
             when deadline <= ${at}::timestamptz then 'overdue'
             else 'at_risk' end as state
      from clocks
      where status = 'breached'
        or (status = 'pending' and (deadline <= ${at}::timestamptz or warn_at <= ${at}::timestamptz))
    ) c group by rule_id, state`);
}
