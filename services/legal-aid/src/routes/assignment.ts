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
import { assignApplication } from '../domain/assignment.ts';

/**
 * Assign and reassign the centre's applications to its officers (Primero's assign / reassign); the centre's assignable
 * officers.
 */
export default async function assignmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['assignment'];
  const OFFICER = requireRole('legal_aid_officer');
  const route = (kind: 'assign' | 'reassign') =>
    app.post(
      `/applications/:id/${kind}`,
      {
        onRequest: [app.authenticate, OFFICER],
        schema: {
          tags,
          summary:
            kind === 'assign'
              ? 'The centre assigns an unassigned application to one of its officers (her token `sub`; the lawyer is assigned with /assignment)'
              : 'The centre reassigns an application to another officer, with a reason (category audited, text encrypted)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: kind === 'assign' ? AssignBody : ReassignBody,
          response: { 200: AssignmentView, ...problemResponses },
        },
      },
      async (req) => assignApplication(app, req.user, req.params.id, { kind, ...req.body } as never),
    );
  route('assign');
  route('reassign');

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
