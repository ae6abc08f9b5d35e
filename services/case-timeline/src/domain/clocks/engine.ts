import type { Filter, RuleFields, Severity } from './rule.ts';

/** What an event does to the clocks: start some, stop (meet), cancel, fail, pause or resume others. No I/O. */
export type ClockEffect<R extends RuleFields = RuleFields> =
  | {
      kind: 'start';
      rule: R;
      subjectKey: string;
      startedAt: Date;
      deadline: Date;
      warnAt: Date;
      severity: Severity;
      dept: string | null;
      street: string | null;
    }
  | { kind: 'stop' | 'cancel' | 'fail'; rule: R; subjectKey: string; at: Date; stopType: string }
  | { kind: 'pause'; rule: R; subjectKey: string; at: Date }
  | { kind: 'resume'; rule: R; subjectKey: string; at: Date; deadline: Date; warnAt: Date };

export interface EventFacts {
  type: string;
  time: string;
  data: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const date = (v: unknown): Date | null => {
  const s = str(v);
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};
const passes = (when: Filter | undefined, data: Record<string, unknown>): boolean =>
  !when || when.in.includes(data[when.field]);

/** The deadline the start event carries (its producer counted the period: see `Period`). */
export const deadlineOf = (rule: RuleFields, e: EventFacts): Date | null => date(e.data[rule.deadline.field]);

export function severityOf(rule: RuleFields, e: EventFacts): Severity {
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
export function deptOf(rule: RuleFields, e: EventFacts, street: string | null): string | null {
  const named = rule.deptField ? str(e.data[rule.deptField]) : null;
  if (named) return named;
  if (!rule.dept) return null;
  if ('fixed' in rule.dept) return rule.dept.fixed;
  return street ? `${rule.dept.streetOf}:${street}` : rule.dept.otherwise;
}

/** The event types a rule reacts to (its start, stop, cancel, fail, pause and resume matchers). */
const typesOf = (rule: RuleFields): Set<string> =>
  new Set(
    [
      rule.start,
      ...rule.stop,
      ...(rule.cancel ?? []),
      ...(rule.fail ?? []),
      ...(rule.pause ?? []),
      ...(rule.resume ?? []),
    ].map((m) => m.type),
  );

/** Per rule list, its rules by the event types they react to, in the list's order (worked out once per list). */
const byType = new WeakMap<readonly RuleFields[], Map<string, RuleFields[]>>();
function rulesFor<R extends RuleFields>(rules: readonly R[], type: string): readonly R[] {
  let index = byType.get(rules);
  if (!index) {
    index = new Map();
    for (const rule of rules) for (const t of typesOf(rule)) index.set(t, [...(index.get(t) ?? []), rule]);
    byType.set(rules, index);
  }
  return (index.get(type) ?? []) as R[];
}

/** `caseStreet`: the case's street as the timeline knows it (its intake summary), used when the event carries none. */
export function effectsOf<R extends RuleFields>(
  e: EventFacts,
  rules: readonly R[],
  caseStreet: string | null = null,
): ClockEffect<R>[] {
  const out: ClockEffect<R>[] = [];
  const at = new Date(e.time);
  const keyOf = (m: { type: string; key: string; when?: Filter }) =>
    m.type === e.type && passes(m.when, e.data) ? str(e.data[m.key]) : null;
  // Only the rules that name this event's type can match it (a rule list is fixed: indexed once).
  for (const rule of rulesFor(rules, e.type)) {
    const startKey = keyOf(rule.start);
    const deadline = startKey ? deadlineOf(rule, e) : null;
    if (startKey && deadline) {
      const street = (rule.streetField ? str(e.data[rule.streetField]) : null) ?? caseStreet;
      out.push({
        kind: 'start',
        rule,
        subjectKey: startKey,
        startedAt: at,
        deadline,
        warnAt: warnAtOf(at, deadline, rule.warnAt),
        severity: severityOf(rule, e),
        dept: deptOf(rule, e, street),
        street,
      });
    }
    const ends = [
      ['stop', rule.stop],
      ['cancel', rule.cancel],
      ['fail', rule.fail],
    ] as const;
    for (const [kind, matchers] of ends)
      for (const m of matchers ?? []) {
        const key = keyOf(m);
        if (key) out.push({ kind, rule, subjectKey: key, at, stopType: e.type });
      }
    for (const m of rule.pause ?? []) {
      const key = keyOf(m);
      if (key) out.push({ kind: 'pause', rule, subjectKey: key, at });
    }
    for (const m of rule.resume ?? []) {
      const key = keyOf(m);
      const next = key ? date(e.data[m.deadlineField]) : null;
      if (key && next)
        out.push({
          kind: 'resume',
          rule,
          subjectKey: key,
          at,
          deadline: next,
          warnAt: warnAtOf(at, next, rule.warnAt),
        });
    }
  }
  return out;
}
