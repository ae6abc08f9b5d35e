import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { problemResponses } from '@linkage/service-kit';
import { currentChecklist, publishChecklist } from '../application/checklists.ts';

const Checklist = Type.Object(
  {
    version: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{1,39}$' }),
    highThreshold: Type.Integer({ minimum: 1, maximum: 60 }),
    mediumThreshold: Type.Integer({ minimum: 1, maximum: 60 }),
    items: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z][a-z0-9_]{1,49}$' }),
          zh: Type.String({ minLength: 1, maxLength: 200 }),
          en: Type.String({ minLength: 1, maxLength: 300 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 5, maxItems: 60 },
    ),
  },
  { additionalProperties: false },
);

export default async function checklistRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/risk-checklist',
    {
      onRequest: [app.authenticate, requireRole('hotline_operator', 'wf_caseworker', 'coordinator', 'admin')],
      schema: {
        tags: ['risk'],
        summary: 'The risk checklist in force (version, thresholds, items with zh-CN wording)',
        response: { 200: Checklist, ...problemResponses },
      },
    },
    async () => {
      const c = await currentChecklist(app);
      return { ...c, items: [...c.items] };
    },
  );

  app.post(
    '/risk-checklists',
    {
      onRequest: [app.authenticate, requireRole('admin')],
      schema: {
        tags: ['risk'],
        summary:
          'Publish a new checklist version; it scores every screening from now on (earlier answers keep their version)',
        body: Checklist,
        response: { 201: Checklist, ...problemResponses },
      },
    },
    async (req, reply) => {
      const c = await publishChecklist(app, req.user, req.body);
      return reply.status(201).send({ ...c, items: [...c.items] });
    },
  );
}
