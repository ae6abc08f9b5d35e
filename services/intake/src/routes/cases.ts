import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { CaseCategory, RiskLevel, StreetCode } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import { updateCase } from '../application/case-commands.ts';
import { caseStatus, searchCases, viewCase } from '../application/case-reads.ts';
import { readDossier } from '../application/dossier.ts';
import { openCase } from '../application/open-case.ts';
import { OpenCaseBody, UpdateCaseBody } from '../domain/case/schemas.ts';
import { rolesFor, type CaseAction } from '../domain/case/policy.ts';
import { DOSSIER_DEPT_TYPES, DOSSIER_ROLES } from '../domain/dossier/fields.ts';
import { CaseSummary, CaseView, CommandResult, OpenedCase, Params, StatusEntry } from './case-schemas.ts';

/** Cases: open, search, view, update, what the other departments do, and the dossier they read. */
export default async function caseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const guard = (action: CaseAction) => [app.authenticate, requireRole(...rolesFor(action))];

  app.post(
    '/cases',
    {
      onRequest: guard('open'),
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
    '/cases',
    {
      onRequest: guard('search'),
      schema: {
        tags: ['cases'],
        summary:
          "Search cases (de-identified list): own department's for operators and caseworkers, all for coordinators",
        querystring: Type.Object(
          {
            page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
            riskLevel: Type.Optional(RiskLevel),
            street: Type.Optional(StreetCode),
            category: Type.Optional(CaseCategory),
            repeat: Type.Optional(Type.Boolean()),
            openedFrom: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
            openedTo: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            page: Type.Integer(),
            pageSize: Type.Integer(),
            total: Type.Integer(),
            items: Type.Array(CaseSummary),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => searchCases(app, req.user, req.query),
  );

  app.get(
    '/cases/:caseId',
    {
      onRequest: [app.authenticate, requireRole('hotline_operator', 'wf_caseworker', 'coordinator')],
      schema: {
        tags: ['cases'],
        summary: 'View a case (personal data only for the owning department; every such view is audited)',
        params: Params,
        response: { 200: CaseView, ...problemResponses },
      },
    },
    async (req) => viewCase(app, req.user, req.params.caseId),
  );

  app.patch(
    '/cases/:caseId',
    {
      onRequest: guard('update'),
      schema: {
        tags: ['cases'],
        summary: 'Update a case (send the version you read; a stale version gets 412)',
        params: Params,
        body: UpdateCaseBody,
        response: { 200: CommandResult, ...problemResponses },
      },
    },
    async (req) => updateCase(app, req.user, req.params.caseId, req.body, req.id),
  );

  app.get(
    '/cases/:caseId/status',
    {
      onRequest: [app.authenticate, requireRole('hotline_operator', 'wf_caseworker', 'coordinator')],
      schema: {
        tags: ['cases'],
        summary: 'What the other departments are doing on the case (projected from their events)',
        params: Params,
        response: {
          200: Type.Object({
            caseId: Type.String(),
            status: Type.String(),
            riskLevel: Type.String(),
            entries: Type.Array(StatusEntry),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => caseStatus(app, req.user, req.params.caseId),
  );

  app.get(
    '/cases/:caseId/dossier',
    {
      onRequest: [app.authenticate, requireRole(...DOSSIER_ROLES)],
      schema: {
        tags: ['dossiers'],
        summary:
          'What a receiving department needs to act (its fields only), for a department holding an open referral or application of the case, with her consent; every read is audited',
        params: Params,
        response: {
          200: Type.Object({
            caseId: Type.String(),
            caseNumber: Type.String(),
            category: Type.String(),
            riskLevel: Type.String(),
            street: Type.Union([Type.String(), Type.Null()]),
            department: Type.Union(DOSSIER_DEPT_TYPES.map((d) => Type.Literal(d))),
            ref: Type.String(),
            referralStatus: Type.Literal('open'),
            ground: Type.String(),
            fields: Type.Record(Type.String(), Type.Unknown()),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => readDossier(app, req.user, req.params.caseId),
  );
}
