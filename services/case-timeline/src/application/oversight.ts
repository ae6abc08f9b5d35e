import type { Executor } from '@linkage/db';
import { addDays, startOfBeijingDay, ValidationError } from '@linkage/domain';
import * as q from '../db/queries/oversight.ts';
import type { Severity } from '../domain/clocks/rule.ts';
import { CLOCK_RULES } from '../domain/clocks/rules.ts';
import { clockState, overdueHours, type ClockState } from '../domain/clocks/state.ts';
import { INDICATORS } from '../domain/indicators/definitions.ts';
import { STAGE_LABELS, STAGES, type Stage } from '../domain/summary/stages.ts';

const labelOf = (ruleId: string) => CLOCK_RULES.find((r) => r.id === ruleId)?.label.zh ?? ruleId;
const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

/** A period of whole Beijing days, `from` to `to` inclusive, as instants [from, to). At most five years. */
export function period(p: { from: string; to: string }): { from: Date; to: Date } {
  const from = startOfBeijingDay(p.from); // the district's day
  const to = addDays(startOfBeijingDay(p.to), 1);
  if (to <= from) throw new ValidationError('bad_period', '`to` must not be before `from`.');
  if (to > addDays(from, 366 * 5)) throw new ValidationError('bad_period', 'A period is at most five years.');
  return { from, to };
}

export interface AttentionQuery {
  dept?: string | undefined;
  street?: string | undefined;
  severity?: Severity | undefined;
  rule?: string | undefined;
  state?: ClockState | undefined;
  limit: number;
}

/** Clocks at risk, breached or paused at `now`, most severe and soonest first. */
export async function clocksNeedingAttention(db: Executor, f: AttentionQuery, now: Date) {
  const rows = await q.clocksNeedingAttention(
    db,
    now,
    { dept: f.dept, street: f.street, severity: f.severity, ruleId: f.rule },
    f.limit,
  );
  const items = rows
    .map((r) => {
      const deadline = r.deadline ? new Date(r.deadline) : null;
      const warnAt = r.warn_at ? new Date(r.warn_at) : null;
      const completedAt = r.completed_at ? new Date(r.completed_at) : null;
      return {
        clockId: r.id,
        ruleId: r.rule_id,
        label: labelOf(r.rule_id),
        caseId: r.case_id,
        caseNumber: r.case_number,
        dept: r.dept,
        street: r.street,
        severity: r.severity,
        state: clockState({ status: r.status, deadline, warnAt, completedAt }, now),
        deadline: deadline?.toISOString() ?? null,
        overdueHours: round(overdueHours(deadline, now)),
      };
    })
    .filter((i) => !f.state || i.state === f.state);
  return { asOf: now.toISOString(), items };
}

export async function openCases(db: Executor, street: string | undefined) {
  const [stages, depts] = await Promise.all([q.openCasesByStage(db, street), q.openCasesByDepartment(db, street)]);
  return {
    byStage: stages.map((s) => ({
      stage: s.stage,
      label: isStage(s.stage) ? STAGE_LABELS[s.stage].zh : s.stage,
      cases: s.n,
    })),
    byDepartment: depts.map((d) => ({ dept: d.dept, cases: d.n })),
  };
}

export async function responseTimes(db: Executor, p: { from: string; to: string }) {
  const { from, to } = period(p);
  const rows = await q.responseTimes(db, from, to);
  return {
    items: rows.map((r) => ({
      ruleId: r.rule_id,
      dept: r.dept,
      count: r.n,
      medianHours: round(r.median_hours),
      p90Hours: round(r.p90_hours),
      metOnTime: r.met,
      late: r.breached,
    })),
  };
}

/** The plan's indicators and each clock's on-time rate, for a period and (optionally) a street. */
export async function indicatorReport(db: Executor, p: { from: string; to: string }, street: string | undefined) {
  const { from, to } = period(p);
  const values = await Promise.all(INDICATORS.map((i) => q.measure(db, i.measure, from, to, street)));
  const compliance = await q.clockCompliance(db, from, to, street);
  return {
    from: p.from,
    to: p.to,
    street: street ?? null,
    indicators: INDICATORS.map((i, n) => ({
      id: i.id,
      zh: i.zh,
      en: i.en,
      definition: i.definition,
      value: round(values[n] ?? null),
    })),
    clockCompliance: compliance.map((c) => ({
      ruleId: c.rule_id,
      label: labelOf(c.rule_id),
      metOnTime: c.met,
      breached: c.breached,
      open: c.open,
      complianceRate: c.met + c.breached > 0 ? round(c.met / (c.met + c.breached)) : null,
    })),
  };
}

/** The report as CSV (UTF-8 with a BOM, for spreadsheet programs). */
export function indicatorCsv(body: Awaited<ReturnType<typeof indicatorReport>>): string {
  const where = [body.from, body.to, body.street ?? ''];
  const lines = [
    'indicator,label_zh,label_en,value,from,to,street',
    ...body.indicators.map((i) => [i.id, i.zh, i.en, i.value ?? '', ...where].map(csv).join(',')),
    ...body.clockCompliance.map((c) =>
      [`clock_compliance:${c.ruleId}`, c.label, 'on-time rate', c.complianceRate ?? '', ...where].map(csv).join(','),
    ),
  ];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function csv(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The clock rules (with the period each counts) and indicator definitions in force. */
export const rulesInForce = () => ({
  clocks: CLOCK_RULES.map((r) => ({
    id: r.id,
    label: r.label,
    source: r.source,
    period: r.period,
    start: r.start,
    deadline: r.deadline,
    stop: r.stop,
    cancel: r.cancel ?? [],
    warnAt: r.warnAt,
    severity: r.severity,
  })),
  indicators: [...INDICATORS],
});
