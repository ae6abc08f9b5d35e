import type { Severity } from './rule.ts';

/** What the clocks table stores as a clock's status (`failed`: ended by a recorded failure, e.g. a missed visit). */
export const CLOCK_STATUSES = ['pending', 'paused', 'met', 'breached', 'cancelled', 'failed'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** Every state `clockState` can return — the one list route schemas are built from, so they cannot drift. */
export const CLOCK_STATES = ['pending', 'paused', 'at_risk', 'met', 'breached', 'cancelled'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** One clock per (rule, subject): when it started, its deadline, and how it ended (the projection's row). */
export interface Clock {
  /** Deterministic from rule and subject (`clockIdOf`), so a rebuild finds the same clock. */
  id: string;
  ruleId: string;
  subjectKey: string;
  caseId: string;
  dept: string | null;
  street: string | null;
  severity: Severity;
  /** Null until the start event is seen (a stop may arrive first, from another topic). */
  startedAt: Date | null;
  deadline: Date | null;
  warnAt: Date | null;
  startEventId: string | null;
  status: ClockStatus;
  completedAt: Date | null;
  stopEventId: string | null;
  stopType: string | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
}

export type ClockLike = Pick<Clock, 'status' | 'deadline' | 'warnAt' | 'completedAt'>;

/** A clock's state at `now`: met / breached / cancelled once ended; else pending, paused, at risk, or breached. */
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

/** Hours a clock is past its deadline at `now` (null: not past it). */
export function overdueHours(deadline: Date | null, now: Date): number | null {
  if (!deadline || now <= deadline) return null;
  return (now.getTime() - deadline.getTime()) / HOUR_MS;
}
const HOUR_MS = 60 * 60 * 1000;

/** The states a clock needs someone's attention in (the oversight list's filter): a subset of CLOCK_STATES. */
export const ATTENTION_STATES = ['at_risk', 'breached', 'paused'] as const satisfies readonly ClockState[];
