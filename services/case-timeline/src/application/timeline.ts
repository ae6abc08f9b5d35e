import type { Principal } from '@linkage/auth/policy';
import type { Executor } from '@linkage/db';
import { AuthError, NotFoundError } from '@linkage/domain';
import { clocksOfCase } from '../db/queries/clocks.ts';
import { caseFactsOf, timelineOf } from '../db/queries/timeline.ts';
import { canViewTimeline } from '../domain/access/policy.ts';
import { CLOCK_RULES } from '../domain/clocks/rules.ts';
import { clockState, type ClockState } from '../domain/clocks/state.ts';
import { timelineOrder } from '../domain/timeline/order.ts';

const LABEL = new Map(CLOCK_RULES.map((r) => [r.id, r.label.zh]));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A case's timeline as the caller may see it: every step in order, with the clocks each step opened or closed. */
export async function caseTimeline(db: Executor, who: Principal, caseId: string, now: Date) {
  const [rows, clockRows, facts] = await Promise.all([
    timelineOf(db, caseId),
    clocksOfCase(db, caseId),
    caseFactsOf(db, caseId),
  ]);
  if (rows.length === 0) throw new NotFoundError('A timeline for this case');
  // intake's rule (owning unit + streets; coordinators within their streets): 403 as intake answers
  if (!canViewTimeline(who, facts))
    throw new AuthError(403, 'not_allowed', 'Not allowed to view the timeline of this case.');
  const clocks = clockRows
    .map((c) => ({ ...c, state: clockState(c, now) }))
    .sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0));
  const touched = (eventId: string) =>
    clocks.flatMap((c) => [
      ...(c.startEventId === eventId ? [mark(c, 'started')] : []),
      ...(c.stopEventId === eventId ? [mark(c, 'stopped')] : []),
    ]);
  return {
    caseId,
    entries: timelineOrder(rows).map((r) => ({
      eventId: r.eventId,
      type: r.type,
      occurredAt: r.occurredAt.toISOString(),
      source: r.source,
      actor: { role: r.actorRole, dept: r.actorDept },
      summary: r.summary,
      clocks: touched(r.eventId),
      data: r.data,
    })),
    clocks: clocks.map((c) => ({
      clockId: c.id,
      ruleId: c.ruleId,
      label: LABEL.get(c.ruleId) ?? c.ruleId,
      state: c.state,
      severity: c.severity,
      dept: c.dept,
      startedAt: iso(c.startedAt),
      deadline: iso(c.deadline),
      completedAt: iso(c.completedAt),
    })),
  };
}

const mark = (c: { id: string; ruleId: string; state: ClockState }, effect: 'started' | 'stopped') => ({
  clockId: c.id,
  ruleId: c.ruleId,
  effect,
  state: c.state,
});
