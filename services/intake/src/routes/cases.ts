import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { CaseCategory, RiskLevel, StreetCode } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import {
  CloseBody,
  ConsentBody,
  NoteBody,
  OpenCaseBody,
  OverrideBody,
  ReopenBody,
  RiskAnswers,
  UpdateCaseBody,
} from '../domain/case/schemas.ts';
import { rolesFor, type CaseAction } from '../domain/case/policy.ts';
import * as svc from '../domain/case/service.ts';
import { readDossier } from '../domain/dossier/service.ts';
import { DOSSIER_DEPT_TYPES, DOSSIER_ROLES } from '../domain/dossier/fields.ts';

const Referral = Type.Object({ requestId: Type.String(), target: Type.String(), consentBasis: Type.String() });
const Flags = Type.Object({
  minor: Type.Boolean(),
  elderly: Type.Boolean(),
  disabled: Type.Boolean(),
  pregnantOrBreastfeeding: Type.Boolean(),
  seriouslyIll: Type.Boolean(),
});
const Score = Type.Object({
  checklistVersion: Type.String(),
  yesCount: Type.Integer(),
  scoredLevel: RiskLevel,
  level: RiskLevel,
  raisedByJudgement: Type.Boolean(),
});
const Duplicate = Type.Object({
  caseId: Type.String(),
  caseNumber: Type.String(),
  matchedOn: Type.Array(Type.String()),
  withinRepeatWindow: Type.Boolean(),
  status: Type.Optional(Type.String()),
});
const AnyObject = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]);
const StatusEntry = Type.Object({
  ref: Type.String(),
  service: Type.String(),
  department: Type.Union([Type.String(), Type.Null()]),
  assignedDept: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

const UnmetNeed = Type.Object({
  need: Type.String(),
  reason: Type.Union([Type.Literal('consent_withheld'), Type.Literal('no_department')]),
});

const OpenedCase = Type.Object({
  id: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  status: Type.String(),
  riskLevel: RiskLevel,
  risk: Score,
  repeat: Type.Boolean(),
  flags: Flags,
  duplicates: Type.Array(Duplicate),
  referrals: Type.Array(Referral),
  withheld: Type.Array(Type.Object({ target: Type.String(), reason: Type.String() })),
  /** Needs no department will act on: the operator is told here, and the case shows them. */
  unmetNeeds: Type.Array(UnmetNeed),
  version: Type.Integer(),
});

const CommandResult = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  status: Type.String(),
  riskLevel: Type.String(),
  version: Type.Integer(),
  referrals: Type.Array(Referral),
  risk: Type.Optional(Type.Intersect([Score, Type.Object({ assessmentId: Type.String() })])),
});

const CaseView = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  channel: Type.String(),
  category: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  riskLevel: Type.String(),
  repeat: Type.Boolean(),
  status: Type.String(),
  closeReason: Type.Union([Type.String(), Type.Null()]),
  flags: Flags,
  ageBand: Type.String(),
  needs: Type.Array(Type.String()),
  violenceTypes: Type.Array(Type.String()),
  perpetratorRelation: Type.Union([Type.String(), Type.Null()]),
  consent: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Null()])),
  overrides: Type.Array(Type.String()),
  openedAt: Type.String(),
  version: Type.Integer(),
  referrals: Type.Array(Referral),
  riskAssessments: Type.Array(
    Type.Object({
      id: Type.String(),
      checklistVersion: Type.String(),
      yesCount: Type.Integer(),
      level: Type.String(),
      raisedByJudgement: Type.Boolean(),
      assessedAt: Type.String(),
    }),
  ),
  statusSummary: Type.Array(StatusEntry),
  unmetNeeds: Type.Array(UnmetNeed),
  identified: Type.Boolean(),
  victim: Type.Optional(AnyObject),
  caller: Type.Optional(AnyObject),
  perpetrator: Type.Optional(AnyObject),
  incident: Type.Optional(AnyObject),
  wishes: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  narrative: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  requests: Type.Optional(AnyObject),
  duplicates: Type.Optional(Type.Array(Duplicate)),
  mandatoryReport: Type.Optional(
    Type.Union([
      Type.Object({ receiptNumber: Type.String(), reporterKind: Type.String(), capacity: Type.String() }),
      Type.Null(),
    ]),
  ),
});

const CaseSummary = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  channel: Type.String(),
  category: Type.String(),
  street: Type.Union([Type.String(), Type.Null()]),
  riskLevel: Type.String(),
  repeat: Type.Boolean(),
  status: Type.String(),
  openedAt: Type.String(),
  version: Type.Integer(),
});

const Params = Type.Object({ caseId: Type.String({ format: 'uuid' }) });
const DupParams = Type.Object({
  caseId: Type.String({ format: 'uuid' }),
  otherCaseId: Type.String({ format: 'uuid' }),
});

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
    async (req, reply) => reply.status(201).send(await svc.openCase(app, req.user, req.body, req.id)),
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
    async (req) => svc.searchCases(app, req.user, req.query),
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
    async (req) => svc.viewCase(app, req.user, req.params.caseId),
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
    async (req) => svc.updateCase(app, req.user, req.params.caseId, req.body, req.id),
  );

  app.post(
    '/cases/:caseId/risk-assessments',
    {
      onRequest: guard('assess_risk'),
      schema: {
        tags: ['risk'],
        summary: 'Re-screen risk with the current checklist (emits intake.risk.assessed.v1)',
        params: Params,
        body: RiskAnswers,
        response: { 201: CommandResult, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.assessRisk(app, req.user, req.params.caseId, req.body, req.id)),
  );

  app.put(
    '/cases/:caseId/consent',
    {
      onRequest: guard('record_consent'),
      schema: {
        tags: ['consent'],
        summary: "Record the victim's consent per department and her wishes; newly allowed referrals are requested",
        params: Params,
        body: ConsentBody,
        response: { 200: CommandResult, ...problemResponses },
      },
    },
    async (req) => svc.recordConsent(app, req.user, req.params.caseId, req.body, req.id),
  );

  app.post(
    '/cases/:caseId/consent-overrides',
    {
      onRequest: guard('override_consent'),
      schema: {
        tags: ['consent'],
        summary: 'Override a missing consent for one department (caseworkers only; reason required; audited)',
        params: Params,
        body: OverrideBody,
        response: { 201: CommandResult, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.overrideConsent(app, req.user, req.params.caseId, req.body, req.id)),
  );

  app.get(
    '/cases/:caseId/duplicates',
    {
      onRequest: guard('duplicates'),
      schema: {
        tags: ['duplicates'],
        summary: 'Earlier cases that may concern the same person (matched on keyed blind indexes)',
        params: Params,
        response: { 200: Type.Object({ items: Type.Array(Duplicate) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await svc.listDuplicates(app, req.user, req.params.caseId) }),
  );

  for (const decision of ['link', 'dismiss'] as const) {
    app.post(
      `/cases/:caseId/duplicates/:otherCaseId/${decision}`,
      {
        onRequest: guard('duplicates'),
        schema: {
          tags: ['duplicates'],
          summary:
            decision === 'link' ? 'Confirm a suggested duplicate: link the cases' : 'Dismiss a suggested duplicate',
          params: DupParams,
          response: {
            200: Type.Object({
              caseId: Type.String(),
              candidateCaseId: Type.String(),
              status: Type.String(),
              version: Type.Integer(),
            }),
            ...problemResponses,
          },
        },
      },
      async (req) => svc.decideDuplicate(app, req.user, req.params.caseId, req.params.otherCaseId, decision, req.id),
    );
  }

  app.get(
    '/cases/:caseId/notes',
    {
      onRequest: guard('notes'),
      schema: {
        tags: ['notes'],
        summary: 'Notes on a case (audited read)',
        params: Params,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                text: Type.String(),
                authorRole: Type.String(),
                authorDept: Type.String(),
                createdAt: Type.String(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => ({ items: await svc.listNotes(app, req.user, req.params.caseId) }),
  );

  app.post(
    '/cases/:caseId/notes',
    {
      onRequest: guard('notes'),
      schema: {
        tags: ['notes'],
        summary: 'Add a note (encrypted at rest)',
        params: Params,
        body: NoteBody,
        response: {
          201: Type.Object({
            id: Type.String(),
            caseId: Type.String(),
            version: Type.Integer(),
            createdAt: Type.String(),
          }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.addNote(app, req.user, req.params.caseId, req.body, req.id)),
  );

  app.post(
    '/cases/:caseId/close',
    {
      onRequest: guard('close'),
      schema: {
        tags: ['cases'],
        summary: 'Close a case with a reason (DV cases start follow-up visit clocks)',
        params: Params,
        body: CloseBody,
        response: { 200: CommandResult, ...problemResponses },
      },
    },
    async (req) => svc.closeCase(app, req.user, req.params.caseId, req.body, req.id),
  );

  app.post(
    '/cases/:caseId/reopen',
    {
      onRequest: guard('reopen'),
      schema: {
        tags: ['cases'],
        summary: 'Reopen a closed case with a reason',
        params: Params,
        body: ReopenBody,
        response: { 200: CommandResult, ...problemResponses },
      },
    },
    async (req) => svc.reopenCase(app, req.user, req.params.caseId, req.body, req.id),
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
    async (req) => svc.caseStatus(app, req.user, req.params.caseId),
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
