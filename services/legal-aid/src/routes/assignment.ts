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
import { assignApplication } from '../application/assignment.ts';

/**
 * Assign and reassign the centre's applications to its officers (Primero's assign / reassign); the centre's assignable
 * officers.
 */
export default async function assignmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['assignment'];
  const OFFICER = requireRole('legal_aid_officer');
  const options = <B extends typeof AssignBody | typeof ReassignBody>(summary: string, body: B) => ({
    onRequest: [app.authenticate, OFFICER],
    schema: {
      tags,
      summary,
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      body,
      response: { 200: AssignmentView, ...problemResponses },
    },
  });
  app.post(
    '/applications/:id/assign',
    options(
      'The centre assigns an unassigned application to one of its officers (her token `sub`; the lawyer is assigned with /assignment)',
      AssignBody,
    ),
    async (req) => assignApplication(app, req.user, req.params.id, { kind: 'assign', ...req.body }),
  );
  app.post(
    '/applications/:id/reassign',
    options(
      'The centre reassigns an application to another officer, with a reason (category audited, text encrypted)',
      ReassignBody,
    ),
    async (req) => assignApplication(app, req.user, req.params.id, { kind: 'reassign', ...req.body }),
  );

  app.get(
    '/workers',
    {
      onRequest: [app.authenticate, OFFICER],
      schema: {
        tags,
        summary:
          "The centre's officers this service knows (accounts that listed the centre's applications here): who may be assigned",
        response: { 200: WorkerList, ...problemResponses },
      },
    },
    async (req) => listWorkers(app.store.db, req.user.dept),
  );
}
