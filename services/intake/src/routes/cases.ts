import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { RiskLevel } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import { OpenCaseBody } from '../domain/case/open.ts';
import { openCase, viewCase } from '../domain/case/service.ts';

const Referral = Type.Object({ requestId: Type.String(), target: Type.String(), consentBasis: Type.String() });

const OpenedCase = Type.Object({
  id: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  status: Type.String(),
  riskLevel: RiskLevel,
  risk: Type.Object({ checklistVersion: Type.String(), yesCount: Type.Integer(), scoredLevel: RiskLevel, level: RiskLevel, raisedByJudgement: Type.Boolean() }),
  referrals: Type.Array(Referral),
  withheld: Type.Array(Type.Object({ target: Type.String(), reason: Type.String() })),
  version: Type.Integer(),
});

const CaseView = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  channel: Type.String(),
  category: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  riskLevel: Type.String(),
  status: Type.String(),
  needs: Type.Array(Type.String()),
  openedAt: Type.String(),
  version: Type.Integer(),
  referrals: Type.Array(Referral),
  identified: Type.Boolean(),
  victim: Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()])),
  narrative: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export default async function caseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/cases',
    {
      preHandler: [app.authenticate, requireRole('hotline_operator', 'wf_caseworker')],
      schema: {
        tags: ['cases'],
        summary: 'Open a case (12338 hotline, walk-in, 110 transfer, online)',
        body: OpenCaseBody,
        response: { 201: OpenedCase, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await openCase(app, req.user, req.body, req.id)),
  );

  app.get(
    '/cases/:caseId',
    {
      preHandler: [app.authenticate, requireRole('hotline_operator', 'wf_caseworker', 'coordinator')],
      schema: {
        tags: ['cases'],
        summary: 'View a case (personal data only for the owning department; every such view is audited)',
        params: Type.Object({ caseId: Type.String({ format: 'uuid' }) }),
        response: { 200: CaseView, ...problemResponses },
      },
    },
    async (req) => viewCase(app, req.user, req.params.caseId),
  );
}
