import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuthError, requireRole } from '@linkage/auth';
import { NotFoundError, problemResponses } from '@linkage/service-kit';
import { caseFactsOf, clocksOfCase, timelineOf } from '../db/queries.ts';
import { canViewTimeline, TIMELINE_READERS } from '../domain/access/policy.ts';
import { timelineOrder } from '../domain/timeline/order.ts';
import { CLOCK_STATES, clockState } from '../domain/clocks/engine.ts';
import { CLOCK_RULES } from '../domain/clocks/rules.ts';

/** Derived from the engine's own list: a state the engine returns is always one the schema accepts. */
const ClockState = Type.Union(CLOCK_STATES.map((s) => Type.Literal(s)));
const ClockView = Type.Object({
  clockId: Type.String(),
  ruleId: Type.String(),
  label: Type.String(),
  state: ClockState,
  severity: Type.String(),
  dept: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  deadline: Type.Union([Type.String(), Type.Null()]),
  completedAt: Type.Union([Type.String(), Type.Null()]),
});

const Entry = Type.Object({
  eventId: Type.String(),
  type: Type.String(),
  occurredAt: Type.String(),
  source: Type.String(),
  actor: Type.Object({ role: Type.String(), dept: Type.String() }),
  summary: Type.String(),
  /** Clocks this step started, met or cancelled. */
  clocks: Type.Array(
    Type.Object({
      clockId: Type.String(),
      ruleId: Type.String(),
      effect: Type.Union([Type.Literal('started'), Type.Literal('stopped')]),
      state: ClockState,
    }),
  ),
  data: Type.Unknown(),
});

const LABEL = new Map(CLOCK_RULES.map((r) => [r.id, r.label.zh]));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function timelineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/cases/:caseId/timeline',
    {
      onRequest: [app.authenticate, requireRole(...TIMELINE_READERS)],
      schema: {
        tags: ['timeline'],
        summary:
          'Every step of a case from every department, in order, with the clocks each step opened or closed (de-identified)',
        params: Type.Object({ caseId: Type.String({ format: 'uuid' }) }),
        response: {
          200: Type.Object({ caseId: Type.String(), entries: Type.Array(Entry), clocks: Type.Array(ClockView) }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const [rows, clockRows, facts] = await Promise.all([
        timelineOf(app.store.db, req.params.caseId),
        clocksOfCase(app.store.db, req.params.caseId),
        caseFactsOf(app.store.db, req.params.caseId),
      ]);
      if (rows.length === 0) throw new NotFoundError('A timeline for this case');
      // intake's rule (owning unit + streets; coordinators within their streets): 403 as intake answers
      if (!canViewTimeline(req.user, facts))
        throw new AuthError(403, 'not_allowed', 'Not allowed to view the timeline of this case.');
      const now = app.clock();
      const states = new Map(clockRows.map((c) => [c.id, clockState(c, now)]));
      return {
        caseId: req.params.caseId,
        entries: timelineOrder(rows).map((r) => ({
          eventId: r.eventId,
          type: r.type,
          occurredAt: r.occurredAt.toISOString(),
          source: r.source,
          actor: { role: r.actorRole, dept: r.actorDept },
          summary: r.summary,
          clocks: clockRows.flatMap((c) => [
            ...(c.startEventId === r.eventId
              ? [{ clockId: c.id, ruleId: c.ruleId, effect: 'started' as const, state: states.get(c.id)! }]
              : []),
            ...(c.stopEventId === r.eventId
              ? [{ clockId: c.id, ruleId: c.ruleId, effect: 'stopped' as const, state: states.get(c.id)! }]
              : []),
          ]),
          data: r.data,
        })),
        clocks: clockRows
          .sort((a, b) => (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0))
          .map((c) => ({
            clockId: c.id,
            ruleId: c.ruleId,
            label: LABEL.get(c.ruleId) ?? c.ruleId,
            state: states.get(c.id)!,
            severity: c.severity,
            dept: c.dept,
            startedAt: iso(c.startedAt),
            deadline: iso(c.deadline),
            completedAt: iso(c.completedAt),
          })),
      };
    },
  );
}
