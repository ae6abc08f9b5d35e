import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { problemResponses } from '@linkage/service-kit';
import { indicatorWomenGranted, lawyers, registerLawyer } from '../application/lawyers.ts';
import { Indicator, Lawyer, LawyerBody } from './schemas.ts';

export default async function lawyerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const MANAGERS = requireRole('legal_aid_officer', 'admin');

  app.post(
    '/lawyers',
    {
      onRequest: [app.authenticate, MANAGERS],
      schema: {
        tags: ['lawyers'],
        summary: 'Register a lawyer or legal aid organisation',
        body: LawyerBody,
        response: { 201: Lawyer, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await registerLawyer(app, req.user, req.body)),
  );

  app.get(
    '/lawyers',
    {
      onRequest: [app.authenticate, MANAGERS],
      schema: {
        tags: ['lawyers'],
        summary: 'The lawyer registry with practice areas and caseloads',
        response: { 200: Type.Object({ items: Type.Array(Lawyer) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await lawyers(app, req.user) }),
  );

  app.get(
    '/indicators/women-granted',
    {
      onRequest: [app.authenticate, requireRole('legal_aid_officer', 'coordinator', 'admin')],
      schema: {
        tags: ['indicators'],
        summary: 'Plan indicator 11: women granted legal aid in [from, to), by street and matter type',
        querystring: Type.Object(
          { from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) },
          { additionalProperties: false },
        ),
        response: { 200: Indicator, ...problemResponses },
      },
    },
    async (req) => indicatorWomenGranted(app, req.user, new Date(req.query.from), new Date(req.query.to)),
  );
}
