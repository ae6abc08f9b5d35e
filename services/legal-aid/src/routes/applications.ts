import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { AssigneeFilter, audit, problemResponses } from '@linkage/service-kit';
import type { Executor } from '@linkage/db';
import type { LegalAidConfig } from '../config.ts';
import { STATUSES, type Command } from '../domain/application/decide.ts';
import { MATERIALS_DEFAULT_DAYS } from '../domain/application/clocks.ts';
import {
  addProgressNote,
  applicantPatch,
  applicationStatus,
  assignLawyer,
  caseStatus,
  listApplications,
  listObjections,
  recordApplicant,
  recordConflict,
  runCommand,
  submitApplication,
  viewApplication,
} from '../domain/application/service.ts';
import {
  ApplicantBody,
  ApproveBody,
  AssignBody,
  CloseBody,
  ConflictBody,
  FullView,
  IdParams,
  MaterialsBody,
  MaterialsRequestBody,
  MeansBody,
  NoteBody,
  ObjectionBody,
  RefuseBody,
  ReviewBody,
  StatusView,
  SubmitBody,
  Summary,
  TerminateBody,
  UrgentAidBody,
} from './schemas.ts';

const OFFICER = requireRole('legal_aid_officer');
const STATUS_READERS = requireRole('legal_aid_officer', 'wf_caseworker', 'hotline_operator', 'coordinator');
const BUREAU = requireRole('justice_bureau_officer');

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

  /** A state change on one application: `toCommand` maps the body to a domain command. */
  function command<B extends TSchema>(
    path: string,
    summary: string,
    bodySchema: B,
    handle: (
      req: FastifyRequest<{ Params: Static<typeof IdParams>; Body: Static<B> }>,
    ) => Promise<Static<typeof Summary>>,
    role = OFFICER,
  ) {
    app.post(
      path,
      {
        onRequest: [app.authenticate, role],
        schema: { tags, summary, params: IdParams, body: bodySchema, response: { 200: Summary, ...problemResponses } },
      },
      (req) => handle(req as unknown as FastifyRequest<{ Params: Static<typeof IdParams>; Body: Static<B> }>),
    );
  }
  const run = (
    req: FastifyRequest<{ Params: Static<typeof IdParams> }>,
    cmd: Command,
    version: number | undefined,
    extra: Partial<Parameters<typeof runCommand>[4]> = {},
  ) => runCommand(app, req.user, req.params.id, cmd, { version, correlationId: req.id, ...extra });

  command(
    '/applications/:id/means-test',
    'Record the means test, or its statutory exemption with the legal basis (LAL Arts. 32(4), 41–42)',
    MeansBody,
    (req) => {
      const { version, evidence, ...input } = req.body;
      return run(req, { kind: 'record_means_test', input }, version, {
        encrypted: (id) => ({ meansEvidenceEnc: app.cipher.encryptOptional(evidence, id) }),
      });
    },
  );
  command(
    '/applications/:id/materials-request',
    'Request every missing document at once, with the period to supply them (LAL Art. 43); pauses the decision clock',
    MaterialsRequestBody,
    (req) =>
      run(
        req,
        { kind: 'request_materials', supplyWithinDays: req.body.supplyWithinDays ?? MATERIALS_DEFAULT_DAYS },
        req.body.version,
      ),
  );
  command(
    '/applications/:id/materials',
    'Record supplied materials; the decision clock resumes',
    MaterialsBody,
    (req) => run(req, { kind: 'supply_materials', documents: req.body.documents }, req.body.version),
  );
  command('/applications/:id/urgent-aid', 'Start urgent aid before the decision (LAL Art. 44)', UrgentAidBody, (req) =>
    run(req, { kind: 'start_urgent_aid', ground: req.body.ground }, req.body.version, {
      reason: req.body.ground,
      reasonText: req.body.reason,
    }),
  );
  /**
   * The applicant's identity the officer saw in intake's dossier, kept on this decision (encrypted; audited by field
   * names only).
   */
  const keepApplicant = (
    req: FastifyRequest<{ Params: Static<typeof IdParams> }>,
    a: Static<typeof ApplicantBody> | undefined,
  ) =>
    a
      ? {
          patch: (id: string) => applicantPatch(app, id, a),
          afterDecide: async (tx: Executor, row: { id: string; caseId: string | null }) =>
            audit(tx, req.user, {
              action: 'application.applicant_recorded',
              entityType: 'application',
              entityId: row.id,
              caseId: row.caseId,
              details: { fields: Object.keys(a) },
            }),
        }
      : { patch: () => ({}), afterDecide: undefined };
  command(
    '/applications/:id/approve',
    "Approve; starts the 3-day assignment clock. May carry the applicant's identity as seen in intake's dossier (kept encrypted)",
    ApproveBody,
    (req) => {
      const k = keepApplicant(req, req.body.applicant);
      return run(req, { kind: 'approve' }, req.body.version, {
        encrypted: k.patch,
        ...(k.afterDecide ? { afterDecide: k.afterDecide } : {}),
      });
    },
  );
  command(
    '/applications/:id/refuse',
    "Refuse in writing with reasons. May carry the applicant's identity as seen in intake's dossier (kept encrypted)",
    RefuseBody,
    (req) => {
      const k = keepApplicant(req, req.body.applicant);
      return run(req, { kind: 'refuse', ground: req.body.ground }, req.body.version, {
        encrypted: (id) => ({ refusalReasonsEnc: app.cipher.encrypt(req.body.reasons, id), ...k.patch(id) }),
        ...(k.afterDecide ? { afterDecide: k.afterDecide } : {}),
      });
    },
  );
  command(
    '/applications/:id/objection',
    "Record an objection to a refusal or a termination, for the justice bureau's 5-day review (LAL Art. 49)",
    ObjectionBody,
    (req) =>
      run(req, { kind: 'file_objection' }, req.body.version, {
        encrypted: (id) => ({ objectionEnc: app.cipher.encrypt(req.body.grounds, id) }),
      }),
  );
  command(
    '/applications/:id/objection/review',
    "The justice bureau's review (LAL Art. 49): upheld (责令改正 — aid approved or restored) or dismissed (维持)",
    ReviewBody,
    (req) =>
      run(req, { kind: 'review_objection', outcome: req.body.outcome }, req.body.version, {
        encrypted: (id) => ({ objectionReviewEnc: app.cipher.encrypt(req.body.reasons, id) }),
      }),
    BUREAU,
  );
  command(
    '/applications/:id/termination',
    'Decide to terminate legal aid on an LAL Art. 48 ground (open to objection, Art. 49)',
    TerminateBody,
    (req) =>
      run(req, { kind: 'terminate', ground: req.body.ground }, req.body.version, {
        encrypted: (id) => ({ closureReportEnc: app.cipher.encrypt(req.body.reasons, id) }),
      }),
  );
  command(
    '/applications/:id/assignment',
    'Assign a lawyer (conflicts of interest refused; female lawyers first when asked)',
    AssignBody,
    (req) => assignLawyer(app, req.user, req.params.id, req.body, req.id),
  );
  command('/applications/:id/notes', 'Add a progress note', NoteBody, (req) =>
    addProgressNote(app, req.user, req.params.id, req.body, req.id),
  );
  command(
    '/applications/:id/close',
    'Close the matter with its outcome and closure report (Art. 50); a termination is a decision (/termination)',
    CloseBody,
    (req) =>
      run(
        req,
        {
          kind: 'close',
          outcome: req.body.outcome,
          terminationGround: req.body.terminationGround ?? null,
          satisfaction: req.body.satisfaction ?? null,
        },
        req.body.version,
        { encrypted: (id) => ({ closureReportEnc: app.cipher.encrypt(req.body.report, id) }) },
      ),
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
