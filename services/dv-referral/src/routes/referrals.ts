import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { problemResponses } from '@linkage/service-kit';
import { getReferral, listReferrals } from '../domain/referral/service.ts';

const Referral = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  department: Type.String(),
  assignedDept: Type.String(),
  riskLevel: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  acceptBy: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
});

const READERS = ['police_officer', 'court_clerk', 'shelter_officer', 'health_worker', 'wf_caseworker', 'coordinator'] as const;

export default async function referralRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/referrals',
    {
      preHandler: [app.authenticate, requireRole(...READERS)],
      schema: {
        tags: ['referrals'],
        summary: "Referrals sent to the caller's department, soonest acceptance deadline first",
        querystring: Type.Object({ status: Type.Optional(Type.Union(['requested', 'accepted', 'in_progress', 'completed', 'declined', 'withdrawn'].map((s) => Type.Literal(s)))) }),
        response: { 200: Type.Object({ items: Type.Array(Referral) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listReferrals(app, req.user, req.query.status) }),
  );

  app.get(
    '/referrals/:referralId',
    {
      preHandler: [app.authenticate, requireRole(...READERS)],
      schema: {
        tags: ['referrals'],
        summary: 'One referral (only for the department it was sent to)',
        params: Type.Object({ referralId: Type.String({ format: 'uuid' }) }),
        response: { 200: Referral, ...problemResponses },
      },
    },
    async (req) => getReferral(app, req.user, req.params.referralId),
  );
}
