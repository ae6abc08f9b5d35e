import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '@linkage/service-kit';
import { ZH_LABELS } from '../domain/labels/zh.ts';

export default async function labelRoutes(app: FastifyInstance) {
  app.get(
    '/labels',
    {
      onRequest: [app.authenticate],
      schema: {
        tags: ['reference'],
        summary: 'zh-CN display labels for every enum of the intake API (and the risk checklist items)',
        response: {
          200: Type.Object({
            locale: Type.Literal('zh-CN'),
            labels: Type.Record(Type.String(), Type.Union([Type.String(), Type.Record(Type.String(), Type.String())])),
          }),
          ...problemResponses,
        },
      },
    },
    async () => ({ locale: 'zh-CN' as const, labels: ZH_LABELS }),
  );
}
