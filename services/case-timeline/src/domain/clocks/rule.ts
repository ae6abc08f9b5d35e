import { SEVERITIES, type EventData, type EventType } from '@linkage/contracts';

/**
 * The shape of a clock rule, typed against the contracts: every event type a rule names is an
 * `EventType`, and every field it reads (the subject key, the deadline, a `when` filter, the
 * department, the street) is a field of THAT event's data — a misspelled type or field fails `tsc`.
 */

type Data<T extends EventType> = EventData<T>;

/** The fields of an event's data that hold a string (an id, a code, an ISO date-time): keys and deadlines. */
export type StringField<T extends EventType> = {
  [K in keyof Data<T>]-?: NonNullable<Data<T>[K]> extends string ? K : never;
}[keyof Data<T>] &
  string;

/** Match only when data[field] is one of these values (typed as that field's values). */
export type When<T extends EventType> = {
  [K in keyof Data<T> & string]-?: { field: K; in: readonly NonNullable<Data<T>[K]>[] };
}[keyof Data<T> & string];

/** An event that acts on a running clock, found by the subject key the event carries in `key`. */
export type Matcher = {
  [T in EventType]: { type: T; key: StringField<T>; when?: When<T> };
}[EventType];

/** An event that restarts a paused clock with the new deadline it carries in `deadlineField`. */
export type Resume = {
  [T in EventType]: { type: T; key: StringField<T>; deadlineField: StringField<T> };
}[EventType];

/** Severities (the contracts' list, carried by oversight events), most urgent first: the order lists sort by. */
export { SEVERITIES };
export type Severity = (typeof SEVERITIES)[number];

type SeverityFrom<S extends EventType> = {
  [K in StringField<S>]: {
    field: K;
    map: Partial<Record<NonNullable<Data<S>[K]> & string, Severity>>;
    otherwise: Severity;
  };
}[StringField<S>];

/**
 * The period the law (or the platform's rule) gives for the step, next to the rule it feeds. The
 * producing service computes the deadline from it with the statutory calendar (@linkage/domain:
 * `addHours`, `dayPeriodEnd`, `monthPeriodEnd`) and the event carries it; the clock reads that
 * deadline, so a holiday-shifted day period is counted exactly as the producer counted it.
 * `scheduled`: the deadline is a date the producer schedules (a visit, a follow-up).
 */
export type Period =
  | { unit: 'hours'; n: number; urgent?: number }
  | { unit: 'days'; n: number }
  | { unit: 'months'; n: number }
  | { unit: 'scheduled'; by: string };

export interface RuleOf<S extends EventType> {
  id: string;
  label: { zh: string; en: string };
  /** Where the period comes from (DESIGN.md, "The linkage workflows and their clocks"). */
  source: string;
  period: Period;
  start: {
    type: S;
    /** Field whose value identifies the thing being timed (a referral, an application, an order). */
    key: StringField<S>;
    when?: When<S>;
  };
  /** The deadline the start event carries (an ISO date-time field). */
  deadline: { field: StringField<S> };
  /** Events that meet the clock (the expected next step). At least one. */
  stop: readonly [Matcher, ...Matcher[]];
  /** Events that make the clock moot (withdrawn, revoked). */
  cancel?: readonly Matcher[];
  /** Events that end the clock as failed (e.g. a visit recorded as missed). */
  fail?: readonly Matcher[];
  /** Events that stop the clock from running (e.g. waiting for the applicant's materials)… */
  pause?: readonly Matcher[];
  /** …and that start it again, with the new deadline the event carries. */
  resume?: readonly Resume[];
  /** Fraction of the time elapsed at which the clock is "at risk". */
  warnAt: number;
  severity: { fixed: Severity } | SeverityFrom<S>;
  /** The department whose step the clock waits for (a dept code field of the start event)… */
  deptField?: StringField<S>;
  /**
   * …or, when the event names none: a fixed district body (`court:beilun`), or the street's unit of a kind
   * (`civil_affairs:<street of the case>`, else `otherwise`). Every clock carries a dept (issue 14).
   */
  dept?: { fixed: string } | { streetOf: string; otherwise: string };
  /** A start-event field holding the street (a case with no intake summary, e.g. a direct elder-care client). */
  streetField?: StringField<S>;
}

/** Write a rule: the start event type fixes which fields the rule may read (checked by `tsc`). */
export const defineRule = <S extends EventType>(rule: RuleOf<S>): RuleOf<S> => rule;

/** A `when` filter as the engine reads it. */
export interface Filter {
  field: string;
  in: readonly unknown[];
}

/**
 * What the engine reads of a rule: the same rule seen with plain field names (every typed rule is
 * one), so the engine stays a few lines of data lookups that know no law. Rules are written only
 * with `defineRule`, which checks them against the contracts.
 */
export interface RuleFields {
  id: string;
  start: { type: string; key: string; when?: Filter };
  deadline: { field: string };
  stop: readonly { type: string; key: string; when?: Filter }[];
  cancel?: readonly { type: string; key: string; when?: Filter }[];
  fail?: readonly { type: string; key: string; when?: Filter }[];
  pause?: readonly { type: string; key: string; when?: Filter }[];
  resume?: readonly { type: string; key: string; deadlineField: string }[];
  warnAt: number;
  severity: { fixed: Severity } | { field: string; map: Partial<Record<string, Severity>>; otherwise: Severity };
  deptField?: string;
  dept?: { fixed: string } | { streetOf: string; otherwise: string };
  streetField?: string;
}

/** A rule in force: a typed `RuleOf<S>` (written with `defineRule`), as the engine and the routes read it. */
export interface ClockRule extends RuleFields {
  label: { zh: string; en: string };
  source: string;
  period: Period;
}

/** The district's bodies the clocks fall to when an event does not name the department (DESIGN.md dept codes). */
export const DISTRICT = {
  court: 'court:beilun',
  legalAid: 'legal_aid:beilun',
  justice: 'justice:beilun',
  caseOwner: 'wf:district',
} as const;
