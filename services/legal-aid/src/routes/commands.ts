import type { Static, TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { audit, problemResponses } from '@linkage/service-kit';
import type { Executor } from '@linkage/db';
import type { Command } from '../domain/application/decide.ts';
import { MATERIALS_DEFAULT_DAYS } from '../domain/application/clocks.ts';
import { runCommand, type CommandOptions } from '../application/commands.ts';
import { addProgressNote, assignLawyer } from '../application/matter.ts';
import { applicantPatch } from '../application/submit.ts';
import type { ApplicantBody } from './schemas.ts';
import {
  ApproveBody,
  AssignBody,
  CloseBody,
  IdParams,
  MaterialsBody,
  MaterialsRequestBody,
  MeansBody,
  NoteBody,
  ObjectionBody,
  RefuseBody,
  ReviewBody,
  Summary,
  TerminateBody,
  UrgentAidBody,
} from './schemas.ts';

type CommandRequest<B extends TSchema> = FastifyRequest<{ Params: Static<typeof IdParams>; Body: Static<B> }>;

const OFFICER = requireRole('legal_aid_officer');
const BUREAU = requireRole('justice_bureau_officer');

/** The state changes of one application: each body maps to one domain command (application/commands.ts). */
export default async function applicationCommandRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['applications'];

  /** A state change on one application: `handle` maps the typed request to a domain command. */
  function command<B extends TSchema>(
    path: string,
    summary: string,
    bodySchema: B,
    handle: (req: CommandRequest<B>) => Promise<Static<typeof Summary>>,
    role = OFFICER,
  ) {
    app.post<{ Params: Static<typeof IdParams>; Body: Static<B> }>(
      path,
      {
        onRequest: [app.authenticate, role],
        schema: { tags, summary, params: IdParams, body: bodySchema, response: { 200: Summary, ...problemResponses } },
      },
      (req) => handle(req),
    );
  }
  const run = (
    req: FastifyRequest<{ Params: Static<typeof IdParams> }>,
    cmd: Command,
    version: number | undefined,
    extra: Partial<CommandOptions> = {},
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
}
