import type { SlaBreachedV1, SlaWarningV1 } from '@linkage/contracts';
import type { ClockEffect } from './engine.ts';
import type { Clock } from './state.ts';

/** Where an effect comes from: the clock it acts on, the case and the event. */
export interface EffectContext {
  clockId: string;
  caseId: string;
  eventId: string;
}

const blank = (id: string, ruleId: string, subjectKey: string, caseId: string): Clock => ({
  id,
  ruleId,
  subjectKey,
  caseId,
  dept: null,
  street: null,
  severity: 'normal',
  startedAt: null,
  deadline: null,
  warnAt: null,
  startEventId: null,
  status: 'pending',
  completedAt: null,
  stopEventId: null,
  stopType: null,
  warnedAt: null,
  breachedAt: null,
});

/**
 * One effect on one clock: the clock after it, or null when the effect changes nothing. Order-independent:
 * a stop (or cancel) that arrives before its start — possible across topics — is kept, and judged against
 * the deadline once the start arrives; a second start, stop or pause of the same clock changes nothing.
 */
export function evolveClock(clock: Clock | undefined, f: ClockEffect, ctx: EffectContext): Clock | null {
  switch (f.kind) {
    case 'start': {
      if (clock?.startedAt) return null;
      const started = {
        dept: f.dept,
        street: f.street,
        severity: f.severity,
        startedAt: f.startedAt,
        deadline: f.deadline,
        warnAt: f.warnAt,
        startEventId: ctx.eventId,
      };
      if (!clock) return { ...blank(ctx.clockId, f.rule.id, f.subjectKey, ctx.caseId), ...started };
      // a clock already cancelled or failed (a missed visit) stays so; one already stopped is judged now
      const status =
        clock.status === 'cancelled' || clock.status === 'failed'
          ? clock.status
          : !clock.completedAt
            ? clock.breachedAt
              ? 'breached'
              : 'pending'
            : clock.completedAt <= f.deadline
              ? 'met'
              : 'breached';
      return { ...clock, ...started, status };
    }
    case 'pause':
      return clock?.status === 'pending' ? { ...clock, status: 'paused' } : null;
    case 'resume':
      return clock?.status === 'paused'
        ? { ...clock, status: 'pending', deadline: f.deadline, warnAt: f.warnAt, warnedAt: null }
        : null;
    case 'stop':
    case 'cancel':
    case 'fail': {
      const ended = f.kind === 'stop' ? 'met' : f.kind === 'cancel' ? 'cancelled' : 'failed';
      const stopped = { completedAt: f.at, stopEventId: ctx.eventId, stopType: f.stopType };
      if (!clock) return { ...blank(ctx.clockId, f.rule.id, f.subjectKey, ctx.caseId), ...stopped, status: ended };
      if (clock.completedAt || clock.status === 'cancelled') return null;
      const late = ended === 'met' && clock.deadline !== null && f.at > clock.deadline;
      return { ...clock, ...stopped, status: late ? 'breached' : ended };
    }
  }
}

/**
 * Our own oversight events, read back from the topic: after a rebuild they restore which clocks were
 * warned about and breached, so the scheduler does not announce them again.
 */
export function evolveFromOversight(clock: Clock | undefined, e: SlaWarningV1 | SlaBreachedV1): Clock | null {
  const d = e.data;
  const base = { ...blank(d.clockId, d.ruleId, d.subjectKey, d.caseId), severity: d.severity, dept: d.dept };
  if (e.type === 'oversight.sla.breached.v1') {
    const at = new Date(e.data.breachedAt);
    if (!clock) return { ...base, status: 'breached', breachedAt: at };
    if (clock.breachedAt) return null;
    return {
      ...clock,
      breachedAt: at,
      status: !clock.completedAt && clock.status === 'pending' ? 'breached' : clock.status,
    };
  }
  const at = new Date(e.time);
  if (!clock) return { ...base, warnedAt: at };
  return clock.warnedAt ? null : { ...clock, warnedAt: at };
}
