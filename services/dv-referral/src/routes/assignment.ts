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
import { assignOrder, assignReferral } from '../application/assignment.ts';
import { Id } from './schemas.ts';

const RECEIVERS = ['police_officer', 'court_clerk', 'shelter_officer', 'health_worker', 'wf_caseworker'] as const;

/**
 * Assign and reassign a department's work to its workers (Primero's assign / reassign); the department's assignable
 * workers.
 */
export default async function assignmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['assignment'];

  const response = { 200: AssignmentView, ...problemResponses };
  const referralRoute = { onRequest: [app.authenticate, requireRole(...RECEIVERS)] };
  const ReferralParams = Type.Object({ referralId: Id });
  app.post(
    '/referrals/:referralId/assign',
    {
      ...referralRoute,
      schema: {
        tags,
        summary: 'The receiving department assigns an unassigned referral to one of its workers (her token `sub`)',
        params: ReferralParams,
        body: AssignBody,
        response,
      },
    },
    async (req) => assignReferral(app, req.user, req.params.referralId, { kind: 'assign', ...req.body }),
  );
  app.post(
    '/referrals/:referralId/reassign',
    {
      ...referralRoute,
      schema: {
        tags,
        summary:
          'The receiving department reassigns a referral to another of its workers, with a reason (category audited, text encrypted)',
        params: ReferralParams,
        body: ReassignBody,
        response,
      },
    },
    async (req) => assignReferral(app, req.user, req.params.referralId, { kind: 'reassign', ...req.body }),
  );

  const orderRoute = { onRequest: [app.authenticate, requireRole('court_clerk')] };
  const OrderParams = Type.Object({ orderId: Id });
  app.post(
    '/protection-orders/:orderId/assign',
    {
      ...orderRoute,
      schema: {
        tags,
        summary: 'The court assigns an unassigned application to one of its clerks',
        params: OrderParams,
        body: AssignBody,
        response,
      },
    },
    async (req) => assignOrder(app, req.user, req.params.orderId, { kind: 'assign', ...req.body }),
  );
  app.post(
    '/protection-orders/:orderId/reassign',
    {
      ...orderRoute,
      schema: {
        tags,
        summary: 'The court reassigns an application to another clerk, with a reason',
        params: OrderParams,
        body: ReassignBody,
        response,
      },
    },
    async (req) => assignOrder(app, req.user, req.params.orderId, { kind: 'reassign', ...req.body }),
  );

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
