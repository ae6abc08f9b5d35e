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
import { assignOrder, assignReferral } from '../domain/assignment.ts';
import { Id } from './schemas.ts';

const RECEIVERS = ['police_officer', 'court_clerk', 'shelter_officer', 'health_worker', 'wf_caseworker'] as const;

/**
 * Assign and reassign a department's work to its workers (Primero's assign / reassign); the department's assignable
 * workers.
 */
export default async function assignmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['assignment'];

  const referral = (kind: 'assign' | 'reassign') =>
    app.post(
      `/referrals/:referralId/${kind}`,
      {
        onRequest: [app.authenticate, requireRole(...RECEIVERS)],
        schema: {
          tags,
          summary:
            kind === 'assign'
              ? 'The receiving department assigns an unassigned referral to one of its workers (her token `sub`)'
              : 'The receiving department reassigns a referral to another of its workers, with a reason (category audited, text encrypted)',
          params: Type.Object({ referralId: Id }),
          body: kind === 'assign' ? AssignBody : ReassignBody,
          response: { 200: AssignmentView, ...problemResponses },
        },
      },
      async (req) => assignReferral(app, req.user, req.params.referralId, { kind, ...req.body } as never),
    );
  referral('assign');
  referral('reassign');

  const order = (kind: 'assign' | 'reassign') =>
    app.post(
      `/protection-orders/:orderId/${kind}`,
      {
        onRequest: [app.authenticate, requireRole('court_clerk')],
        schema: {
          tags,
          summary:
            kind === 'assign'
              ? 'The court assigns an unassigned application to one of its clerks'
              : 'The court reassigns an application to another clerk, with a reason',
          params: Type.Object({ orderId: Id }),
          body: kind === 'assign' ? AssignBody : ReassignBody,
          response: { 200: AssignmentView, ...problemResponses },
        },
      },
      async (req) => assignOrder(app, req.user, req.params.orderId, { kind, ...req.body } as never),
    );
  order('assign');
  order('reassign');

  app.get(
    '/workers',
    {
      onRequest: [app.authenticate, requireRole(...RECEIVERS)],
      schema: {
        tags,
        summary:
          "The caller's department's workers this service knows (accounts that listed the department's work here): who may be assigned",
        response: { 200: WorkerList, ...problemResponses },
      },
    },
    async (req) => listWorkers(app.store.db, req.user.dept),
  );
}
