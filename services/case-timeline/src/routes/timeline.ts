import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { NotFoundError, problemResponses } from '@linkage/service-kit';
import { timelineOf } from '../db/queries.ts';
import { timelineOrder } from '../domain/timeline/order.ts';

const Entry = Type.Object({
  eventId: Type.String(),
  type: Type.String(),
  occurredAt: Type.String(),
  source: Type.String(),
  actor: Type.Object({ role: Type.String(), dept: Type.String() }),
  summary: Type.String(),
  data: Type.Unknown(),
});

export default async function timelineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/cases/:caseId/timeline',
    {
      onRequest: [app.authenticate, requireRole('coordinator', 'wf_caseworker', 'admin')],
      schema: {
        tags: ['timeline'],
        summary: 'Every step of a case from every department, in order (de-identified)',
        params: Type.Object({ caseId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ caseId: Type.String(), entries: Type.Array(Entry) }), ...problemResponses },
      },
    },
    async (req) => {
      const rows = await timelineOf(app.store.db, req.params.caseId);
      if (rows.length === 0) throw new NotFoundError('A timeline for this case');
      return {
        caseId: req.params.caseId,
        entries: timelineOrder(rows).map((r) => ({
          eventId: r.eventId,
          type: r.type,
          occurredAt: r.occurredAt.toISOString(),
          source: r.source,
          actor: { role: r.actorRole, dept: r.actorDept },
          summary: r.summary,
          data: r.data,
        })),
      };
    },
  );
}
