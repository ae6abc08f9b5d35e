import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { problemResponses } from '@linkage/service-kit';
import {
  addNote,
  assessRisk,
  closeCase,
  decideDuplicate,
  overrideConsent,
  recordConsent,
  reopenCase,
} from '../application/case-commands.ts';
import { listDuplicates, listNotes } from '../application/case-reads.ts';
import { CloseBody, ConsentBody, NoteBody, OverrideBody, ReopenBody, RiskAnswers } from '../domain/case/schemas.ts';
import { rolesFor, type CaseAction } from '../domain/case/policy.ts';
import { CommandResult, DupParams, Duplicate, Params } from './case-schemas.ts';

/** Commands on an open case: screening, consent, duplicates, notes, closing and reopening. */
export default async function caseActionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const guard = (action: CaseAction) => [app.authenticate, requireRole(...rolesFor(action))];

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
    async (req, reply) => reply.status(201).send(await assessRisk(app, req.user, req.params.caseId, req.body, req.id)),
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
    async (req) => recordConsent(app, req.user, req.params.caseId, req.body, req.id),
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
      reply.status(201).send(await overrideConsent(app, req.user, req.params.caseId, req.body, req.id)),
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
    async (req) => ({ items: await listDuplicates(app, req.user, req.params.caseId) }),
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
      async (req) => decideDuplicate(app, req.user, req.params.caseId, req.params.otherCaseId, decision, req.id),
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
    async (req) => ({ items: await listNotes(app, req.user, req.params.caseId) }),
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
    async (req, reply) => reply.status(201).send(await addNote(app, req.user, req.params.caseId, req.body, req.id)),
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
    async (req) => closeCase(app, req.user, req.params.caseId, req.body, req.id),
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
    async (req) => reopenCase(app, req.user, req.params.caseId, req.body, req.id),
  );
}
