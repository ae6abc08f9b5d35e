import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@linkage/db';
import { SEVERITIES, type Severity } from '../../domain/clocks/rule.ts';
import type { ClockStatus } from '../../domain/clocks/state.ts';
import type { Measure } from '../../domain/indicators/definitions.ts';

// The oversight views' reads: clocks needing attention, open cases, response times, compliance, indicators.

/** Most severe first, in the one order of SEVERITIES. */
const severityRank = sql`case c.severity ${sql.join(
  SEVERITIES.map((s, i) => sql`when ${s} then ${i}::int`),
  sql` `,
)} end`;

export interface ClockFilter {
  dept?: string | undefined;
  street?: string | undefined;
  severity?: Severity | undefined;
  ruleId?: string | undefined;
}

/** Clocks that are breached, paused, or open and past their warning point at `now`. */
export async function clocksNeedingAttention(db: Executor, now: Date, f: ClockFilter, limit: number) {
  const at = now.toISOString();
  const conds: SQL[] = [
    // a paused clock (waiting for her materials) is listed too: visible, never silent
    sql`(c.status in ('breached', 'failed', 'paused') or (c.status = 'pending' and c.completed_at is null and c.warn_at <= ${at}::timestamptz))`,
  ];
  if (f.dept) conds.push(sql`c.dept = ${f.dept}`);
  if (f.street) conds.push(sql`coalesce(s.street, c.street) = ${f.street}`);
  if (f.severity) conds.push(sql`c.severity = ${f.severity}`);
  if (f.ruleId) conds.push(sql`c.rule_id = ${f.ruleId}`);
  return db.execute<{
    id: string;
    rule_id: string;
    case_id: string;
    case_number: string | null;
    dept: string | null;
    street: string | null;
    severity: Severity;
    status: ClockStatus;
    started_at: Date | null;
    deadline: Date | null;
    warn_at: Date | null;
    completed_at: Date | null;
    breached_at: Date | null;
  }>(sql`
    select c.id, c.rule_id, c.case_id, s.case_number, c.dept, coalesce(s.street, c.street) as street, c.severity,
           c.status, c.started_at, c.deadline, c.warn_at, c.completed_at, c.breached_at
    from clocks c left join case_summaries s on s.case_id = c.case_id
    where ${sql.join(conds, sql` and `)}
    order by ${severityRank} nulls last, c.deadline
    limit ${limit}`);
}

export async function openCasesByStage(db: Executor, street?: string) {
  return db.execute<{ stage: string; n: number }>(sql`
    select stage, count(*)::int as n from case_summaries
    where closed_at is null ${street ? sql`and street = ${street}` : sql``}
    group by stage order by stage`);
}

export async function openCasesByDepartment(db: Executor, street?: string) {
  return db.execute<{ dept: string; n: number }>(sql`
    select d.dept, count(*)::int as n
    from case_summaries s, jsonb_array_elements_text(s.departments) as d(dept)
    where s.closed_at is null ${street ? sql`and s.street = ${street}` : sql``}
    group by d.dept order by n desc, d.dept`);
}

/** Median and 90th percentile hours from a clock's start to the step that ended it, per rule and department. */
export async function responseTimes(db: Executor, from: Date, to: Date) {
  return db.execute<{
    rule_id: string;
    dept: string | null;
    n: number;
    median_hours: number;
    p90_hours: number;
    met: number;
    breached: number;
  }>(sql`
    select rule_id, dept, count(*)::int as n,
      percentile_cont(0.5) within group (order by extract(epoch from completed_at - started_at) / 3600)::float8 as median_hours,
      percentile_cont(0.9) within group (order by extract(epoch from completed_at - started_at) / 3600)::float8 as p90_hours,
      count(*) filter (where status = 'met')::int as met,
      count(*) filter (where status = 'breached')::int as breached
    from clocks
    where completed_at is not null and started_at is not null and status in ('met', 'breached')
      and completed_at >= ${from.toISOString()}::timestamptz and completed_at < ${to.toISOString()}::timestamptz
    group by rule_id, dept order by rule_id, dept`);
}

/** Per rule: clocks due in the period that were met on time, breached, or are still open. */
export async function clockCompliance(db: Executor, from: Date, to: Date, street?: string) {
  return db.execute<{ rule_id: string; met: number; breached: number; open: number }>(sql`
    select c.rule_id,
      count(*) filter (where c.status = 'met')::int as met,
      count(*) filter (where c.status in ('breached', 'failed'))::int as breached,
      count(*) filter (where c.status in ('pending', 'paused'))::int as open
    from clocks c left join case_summaries s on s.case_id = c.case_id
    where c.deadline >= ${from.toISOString()}::timestamptz and c.deadline < ${to.toISOString()}::timestamptz
      and c.status <> 'cancelled' ${street ? sql`and coalesce(s.street, c.street) = ${street}` : sql``}
    group by c.rule_id order by c.rule_id`);
}

/** One indicator's value for a period (and street). */
export async function measure(db: Executor, m: Measure, from: Date, to: Date, street?: string): Promise<number | null> {
  const period = sql`t.occurred_at >= ${from.toISOString()}::timestamptz and t.occurred_at < ${to.toISOString()}::timestamptz`;
  // the case's street from intake, else the street the event carries (a direct legal aid application or elder-care
  // client)
  const byStreet = street ? sql`and coalesce(s.street, t.data ->> 'street') = ${street}` : sql``;
  if (m.kind === 'ratio') {
    const [num, den] = await Promise.all([measure(db, m.num, from, to, street), measure(db, m.den, from, to, street)]);
    return den ? (num ?? 0) / den : null;
  }
  if (m.kind === 'clock_met') {
    const [r] = await db.execute<{ v: number }>(sql`
      select count(*)::float8 as v from clocks c left join case_summaries s on s.case_id = c.case_id
      where c.rule_id = ${m.ruleId} and c.status = 'met' and c.deadline >= ${from.toISOString()}::timestamptz and c.deadline < ${to.toISOString()}::timestamptz
        ${street ? sql`and coalesce(s.street, c.street) = ${street}` : sql``}`);
    return r?.v ?? 0;
  }
  if (m.kind === 'clock_hours') {
    const q = m.stat === 'median' ? 0.5 : 0.9;
    const [r] = await db.execute<{ v: number | null }>(sql`
      select percentile_cont(${q}) within group (order by extract(epoch from c.completed_at - c.started_at) / 3600)::float8 as v
      from clocks c left join case_summaries s on s.case_id = c.case_id
      where c.rule_id = ${m.ruleId} and c.started_at is not null and c.completed_at is not null and c.status in ('met', 'breached')
        and c.completed_at >= ${from.toISOString()}::timestamptz and c.completed_at < ${to.toISOString()}::timestamptz
        ${street ? sql`and coalesce(s.street, c.street) = ${street}` : sql``}`);
    return r?.v ?? null;
  }
  const types = sql`t.type in (${sql.join(
    m.types.map((t) => sql`${t}`),
    sql`, `,
  )})`;
  const where = sql.join(
    [
      ...('where' in m && m.where
        ? Object.entries(m.where).map(([k, v]) => sql`and t.data ->> ${k} = ${String(v)}`)
        : []),
      ...('caseCategory' in m && m.caseCategory ? [sql`and s.category = ${m.caseCategory}`] : []),
    ],
    sql` `,
  );
  const value =
    m.kind === 'count_events'
      ? sql`count(*)::float8`
      : m.kind === 'distinct_cases'
        ? sql`count(distinct t.case_id)::float8`
        : sql`coalesce(sum((t.data ->> ${m.field})::float8), 0)`;
  // (sum_field may filter with `where` too)
  const [r] = await db.execute<{ v: number }>(sql`
    select ${value} as v from timeline_entries t left join case_summaries s on s.case_id = t.case_id
    where ${types} and ${period} ${where} ${byStreet}`);
  return r?.v ?? 0;
}
