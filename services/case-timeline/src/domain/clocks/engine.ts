import type { ClockRule, Severity } from './rules.ts';

/** What an event does to the clocks: start some, stop (meet) or cancel others. No I/O. */
export type ClockEffect =
  | {
      kind: 'start';
      rule: ClockRule;
      subjectKey: string;
      startedAt: Date;
      deadline: Date;
      warnAt: Date;
      severity: Severity;
      dept: string | null;
      street: string | null;
    }
  | { kind: 'stop'; rule: ClockRule; subjectKey: string; at: Date; stopType: string }
  | { kind: 'cancel'; rule: ClockRule; subjectKey: string; at: Date; stopType: string }
  | { kind: 'fail'; rule: ClockRule; subjectKey: string; at: Date; stopType: string }
  | { kind: 'pause'; rule: ClockRule; subjectKey: string; at: Date }
  | { kind: 'resume'; rule: ClockRule; subjectKey: string; at: Date; deadline: Date; warnAt: Date };

export interface EventFacts {
  type: string;
  time: string;
  data: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

export function deadlineOf(rule: ClockRule, e: EventFacts): Date | null {
  if ('field' in rule.deadline) {
    const v = str(e.data[rule.deadline.field]);
    const d = v ? new Date(v) : null;
    return d && !Number.isNaN(d.getTime()) ? d : null;
  }
  const urgent = rule.deadline.urgentField ? e.data[rule.deadline.urgentField] === true : false;
  const hours = urgent && rule.deadline.urgentHours !== undefined ? rule.deadline.urgentHours : rule.deadline.hours;
  return new Date(Date.parse(e.time) + hours * 3_600_000);
}

export function severityOf(rule: ClockRule, e: EventFacts): Severity {
  if ('fixed' in rule.severity) return rule.severity.fixed;
  const v = e.data[rule.severity.field];
  return (typeof v === 'string' && rule.severity.map[v]) || rule.severity.otherwise;
}

/** The moment a clock becomes "at risk": warnAt of the way from start to deadline. */
export function warnAtOf(startedAt: Date, deadline: Date, fraction: number): Date {
  return new Date(startedAt.getTime() + Math.max(0, deadline.getTime() - startedAt.getTime()) * fraction);
}

/**
 * The department responsible for meeting a clock: the start event's dept field, else the rule's district body or street
 * unit.
 */
export function deptOf(rule: ClockRule, e: EventFacts, street: string | null): string | null {
  const named = rule.deptField ? str(e.data[rule.deptField]) : null;
  if (named) return named;
  if (!rule.dept) return null;
  if ('fixed' in rule.dept) return rule.dept.fixed;
  return street ? `${rule.dept.streetOf}:${street}` : rule.dept.otherwise;
}

/** `caseStreet`: the case's street as the timeline knows it (its intake summary), used when the event carries none. */
export function effectsOf(e: EventFacts, rules: readonly ClockRule[], caseStreet: string | null = null): ClockEffect[] {
  const out: ClockEffect[] = [];
  const at = new Date(e.time);
  for (const rule of rules) {
    if (rule.start.type === e.type) {
      const key = str(e.data[rule.start.key]);
      const when = rule.start.when;
      const applies = !when || when.in.includes(e.data[when.field] as string | boolean);
      const deadline = deadlineOf(rule, e);
      if (key && applies && deadline) {
        const street = (rule.streetField ? str(e.data[rule.streetField]) : null) ?? caseStreet;
        out.push({
          kind: 'start',
          rule,
          subjectKey: key,
          startedAt: at,
          deadline,
          warnAt: warnAtOf(at, deadline, rule.warnAt),
          severity: severityOf(rule, e),
          dept: deptOf(rule, e, street),
          street,
        });
      }
    }
    for (const s of rule.stop) {
      const key =
        s.type === e.type && (!s.when || s.when.in.includes(e.data[s.when.field] as string | boolean))
          ? str(e.data[s.key])
          : null;
      if (key) out.push({ kind: 'stop', rule, subjectKey: key, at, stopType: e.type });
    }
    for (const c of rule.cancel ?? []) {
      const key = c.type === e.type ? str(e.data[c.key]) : null;
      if (key) out.push({ kind: 'cancel', rule, subjectKey: key, at, stopType: e.type });
    }
    for (const c of rule.fail ?? []) {
      const key = c.type === e.type ? str(e.data[c.key]) : null;
      if (key) out.push({ kind: 'fail', rule, subjectKey: key, at, stopType: e.type });
    }
    for (const c of rule.pause ?? []) {
      const key = c.type === e.type ? str(e.data[c.key]) : null;
      if (key) out.push({ kind: 'pause', rule, subjectKey: key, at });
    }
    for (const c of rule.resume ?? []) {
      const key = c.type === e.type ? str(e.data[c.key]) : null;
      const v = str(e.data[c.deadlineField]);
      const deadline = v ? new Date(v) : null;
      if (key && deadline && !Number.isNaN(deadline.getTime()))
        out.push({ kind: 'resume', rule, subjectKey: key, at, deadline, warnAt: warnAtOf(at, deadline, rule.warnAt) });
    }
  }
  return out;
}

/** Every state `clockState` can return — the one list route schemas are built from, so they cannot drift. */
export const CLOCK_STATES = ['pending', 'paused', 'at_risk', 'met', 'breached', 'cancelled'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

export interface ClockLike {
  status: string;
  deadline: Date | null;
  warnAt: Date | null;
  completedAt: Date | null;
}

/** A clock's state at `now`: met / breached / cancelled once ended; else pending, at risk, or breached. */
export function clockState(c: ClockLike, now: Date): ClockState {
  if (c.status === 'cancelled') return 'cancelled';
  if (c.status === 'failed') return 'breached';
  if (c.completedAt) {
    if (!c.deadline) return 'met'; // the stop came before its start was seen; judged when the start arrives
    return c.completedAt.getTime() <= c.deadline.getTime() ? 'met' : 'breached';
  }
  if (c.status === 'breached') return 'breached';
  if (c.status === 'paused') return 'paused';
  if (!c.deadline) return 'pending';
  if (now.getTime() >= c.deadline.getTime()) return 'breached';
  if (c.warnAt && now.getTime() >= c.warnAt.getTime()) return 'at_risk';
  return 'pending';
}
