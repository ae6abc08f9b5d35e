import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import {
  AssignBody,
  AssignmentView,
  listWorkers,
  problemResponses,
  ReassignBody,
  WorkerList,
} from '@linkage/service-kit';
import { assignClient } from '../application/assignment.ts';

/**
 * Assign and reassign elder-care clients to the office's officers (Primero's assign / reassign); the office's
 * assignable officers.
 */
export default async function assignmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['assignment'];
  const OFFICER = requireRole('elder_care_officer');
  const options = <B extends typeof AssignBody | typeof ReassignBody>(summary: string, body: B) => ({
    onRequest: [app.authenticate, OFFICER],
    schema: {
      tags,
      summary,
      params: Type.Object({ clientId: Type.String({ format: 'uuid' }) }),
      body,
      response: { 200: AssignmentView, ...problemResponses },
    },
  });
  app.post(
    '/clients/:clientId/assign',
    options(
      'An office that holds the record (district or its street) assigns an unassigned client to one of its officers (her token `sub`)',
      AssignBody,
    ),
    async (req) => assignClient(app, req.user, req.params.clientId, { kind: 'assign', ...req.body }),
  );
  app.post(
    '/clients/:clientId/reassign',
    options(
      'The office reassigns a client to another of its officers, with a reason (category audited, text encrypted)',
      ReassignBody,
    ),
    async (req) => assignClient(app, req.user, req.params.clientId, { kind: 'reassign', ...req.body }),
  );

  app.get(
    '/workers',
    {
      onRequest: [app.authenticate, OFFICER],
      schema: {
        tags,
        summary:
          "The office's officers this service knows (accounts that listed its clients here): who may be assigned",
        response: { 200: WorkerList, ...problemResponses },
      },
    },
    async (req) => listWorkers(app.store.db, req.user.dept),
  );
}
