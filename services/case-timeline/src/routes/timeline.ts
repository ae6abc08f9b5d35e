import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { problemResponses } from '@linkage/service-kit';
import { caseTimeline } from '../application/timeline.ts';
import { TIMELINE_READERS } from '../domain/access/policy.ts';
import { ClockStateSchema } from './schemas.ts';

const ClockView = Type.Object({
  clockId: Type.String(),
  ruleId: Type.String(),
  label: Type.String(),
  state: ClockStateSchema,
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
      state: ClockStateSchema,
    }),
  ),
  data: Type.Unknown(),
});

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
    async (req) => caseTimeline(app.store.db, req.user, req.params.caseId, app.clock()),
  );
}
