import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { AssigneeFilter, problemResponses } from '@linkage/service-kit';
import type { LegalAidConfig } from '../config.ts';
import { STATUSES } from '../domain/application/state.ts';
import { recordConflict } from '../application/matter.ts';
import { recordApplicant, submitApplication } from '../application/submit.ts';
import {
  applicationStatus,
  caseStatus,
  listApplications,
  listObjections,
  viewApplication,
} from '../application/views.ts';
import { ApplicantBody, ConflictBody, FullView, IdParams, StatusView, SubmitBody, Summary } from './schemas.ts';

const OFFICER = requireRole('legal_aid_officer');
const STATUS_READERS = requireRole('legal_aid_officer', 'wf_caseworker', 'hotline_operator', 'coordinator');
const BUREAU = requireRole('justice_bureau_officer');

/** Receiving applications, the centre's and the bureau's lists, the full file and the status others see. */
export default async function applicationRoutes(fastify: FastifyInstance, opts: { config: LegalAidConfig }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['applications'];

  app.post(
    '/applications',
    {
      onRequest: [app.authenticate, requireRole('legal_aid_officer', 'wf_caseworker')],
      schema: {
        tags,
        summary:
          "Receive an application directly (walk-in, online, or the women's federation on her behalf); starts the 7-day decision clock",
        body: SubmitBody,
        response: { 201: Summary, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await submitApplication(app, req.user, req.body, req.id, opts.config.LEGAL_AID_CENTRE_DEPT)),
  );

  app.get(
    '/applications',
    {
      onRequest: [app.authenticate, OFFICER],
      schema: {
        tags,
        summary:
          "The centre's applications, soonest decision deadline first (no personal data), each with its assignee (`?assignee=me`: my work; `none`: unassigned)",
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
            assignee: Type.Optional(AssigneeFilter),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Summary) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listApplications(app, req.user, req.query.status, req.query.assignee) }),
  );

  app.get(
    '/objections',
    {
      onRequest: [app.authenticate, BUREAU],
      schema: {
        tags,
        summary:
          "Objections awaiting the justice bureau's review (LAL Art. 49), soonest review deadline first (no personal data)",
        response: { 200: Type.Object({ items: Type.Array(Summary) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listObjections(app, req.user) }),
  );

  app.get(
    '/applications/:id',
    {
      onRequest: [app.authenticate, OFFICER],
      schema: {
        tags,
        summary: 'The full file with personal data (handling centre only; every read is audited)',
        params: IdParams,
        response: { 200: FullView, ...problemResponses },
      },
    },
    async (req) => viewApplication(app, req.user, req.params.id),
  );

  app.get(
    '/applications/:id/status',
    {
      onRequest: [app.authenticate, STATUS_READERS],
      schema: {
        tags,
        summary: 'Status and dates only (LAL Art. 21 confidentiality)',
        params: IdParams,
        response: { 200: StatusView, ...problemResponses },
      },
    },
    async (req) => applicationStatus(app, req.user, req.params.id),
  );

  app.get(
    '/cases/:caseId/legal-aid',
    {
      onRequest: [app.authenticate, STATUS_READERS],
      schema: {
        tags,
        summary: "A case's legal aid applications: status and dates only",
        params: Type.Object({ caseId: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ items: Type.Array(StatusView) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await caseStatus(app, req.user, req.params.caseId) }),
  );

  app.put(
    '/applications/:id/applicant',
    {
      onRequest: [app.authenticate, OFFICER],
      schema: {
        tags,
        summary: "Record the applicant's personal data (encrypted)",
        params: IdParams,
        body: ApplicantBody,
        response: { 200: Summary, ...problemResponses },
      },
    },
    async (req) => recordApplicant(app, req.user, req.params.id, req.body),
  );

  app.post(
    '/applications/:id/conflicts',
    {
      onRequest: [app.authenticate, OFFICER],
      schema: {
        tags,
        summary: 'Record a conflict of interest (a lawyer acting for the opposing party in the same case)',
        params: IdParams,
        body: ConflictBody,
        response: {
          201: Type.Object({ applicationId: Type.String(), lawyerId: Type.String(), reason: Type.String() }),
          ...problemResponses,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await recordConflict(app, req.user, req.params.id, req.body)),
  );
}
