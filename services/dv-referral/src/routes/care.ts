import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { FOLLOWUP_OUTCOMES, INJURY_GRADES, STREETS } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import type { DvConfig } from '../config.ts';
import { actOnPlacement, availability, createShelter, place } from '../application/shelters.ts';
import { completeAssessment, requestAssessment } from '../application/care.ts';
import { closeCase, getCase, recordFollowup } from '../application/followups.ts';
import {
  Assessment,
  Body,
  Dept,
  DvCase,
  Followup,
  Id,
  Lit,
  Placement,
  ShelterAvailability,
  Text,
  Version,
} from './schemas.ts';

export default async function careRoutes(fastify: FastifyInstance, opts: { config: DvConfig }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  // ---- shelters ----
  app.post(
    '/shelters',
    {
      onRequest: [app.authenticate, requireRole('admin')],
      schema: {
        tags: ['shelters'],
        summary: 'Register a shelter and its bed capacity',
        body: Body({
          dept: Dept,
          label: Text(100),
          street: Type.Optional(Type.Union([Lit(Object.keys(STREETS)), Type.Null()])),
          capacity: Type.Integer({ minimum: 1, maximum: 500 }),
        }),
        response: { 201: ShelterAvailability, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createShelter(app, req.user, req.body)),
  );

  app.get(
    '/shelters/availability',
    {
      onRequest: [
        app.authenticate,
        requireRole('wf_caseworker', 'hotline_operator', 'police_officer', 'shelter_officer', 'coordinator'),
      ],
      schema: {
        tags: ['shelters'],
        summary: 'Beds free per shelter, for referrers (no personal data)',
        response: { 200: Type.Object({ items: Type.Array(ShelterAvailability) }), ...problemResponses },
      },
    },
    async () => ({ items: await availability(app) }),
  );

  app.post(
    '/shelters/:shelterId/placements',
    {
      onRequest: [app.authenticate, requireRole('shelter_officer')],
      schema: {
        tags: ['shelters'],
        summary: 'Place a person (409 shelter_full when every bed is taken)',
        params: Type.Object({ shelterId: Id }),
        body: Body({ caseId: Id, referralId: Type.Optional(Id), person: Type.Optional(Text(1000)) }),
        response: { 201: Placement, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await place(app, req.user, req.params.shelterId, req.body)),
  );

  for (const [path, kind] of [
    ['check-in', 'check_in'],
    ['check-out', 'check_out'],
  ] as const) {
    app.post(
      `/placements/:placementId/${path}`,
      {
        onRequest: [app.authenticate, requireRole('shelter_officer')],
        schema: {
          tags: ['shelters'],
          summary: `Placement ${path}`,
          params: Type.Object({ placementId: Id }),
          body: Body({ version: Version }),
          response: { 200: Placement, ...problemResponses },
        },
      },
      async (req) => actOnPlacement(app, req.user, req.params.placementId, { kind }, req.body.version),
    );
  }

  // ---- injury assessments ----
  app.post(
    '/injury-assessments',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker', 'police_officer', 'court_clerk')],
      schema: {
        tags: ['health'],
        summary: 'Request an injury assessment (伤情鉴定)',
        body: Body({ caseId: Id, healthDept: Dept }),
        response: { 201: Assessment, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await requestAssessment(app, req.user, req.body)),
  );

  app.post(
    '/injury-assessments/:assessmentId/complete',
    {
      onRequest: [app.authenticate, requireRole('health_worker')],
      schema: {
        tags: ['health'],
        summary: 'Record the result: grade and report reference, usable as evidence (ADVL Art. 20)',
        params: Type.Object({ assessmentId: Id }),
        body: Body({
          grade: Lit(INJURY_GRADES),
          resultRef: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-/]+$' }),
          findings: Type.Optional(Text(4000)),
          version: Version,
        }),
        response: { 200: Assessment, ...problemResponses },
      },
    },
    async (req) => completeAssessment(app, req.user, req.params.assessmentId, req.body),
  );

  // ---- the DV part of the case, and follow-ups ----
  app.get(
    '/cases/:caseId',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker', 'coordinator')],
      schema: {
        tags: ['cases'],
        summary: 'The DV part of a case and its follow-up visits',
        params: Type.Object({ caseId: Id }),
        response: { 200: DvCase, ...problemResponses },
      },
    },
    async (req) => getCase(app, req.user, req.params.caseId),
  );

  app.post(
    '/cases/:caseId/close',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker')],
      schema: {
        tags: ['cases'],
        summary: 'Close the DV part of the case (no referral still open); follow-up visits are scheduled',
        params: Type.Object({ caseId: Id }),
        body: Body({ version: Version }),
        response: { 200: DvCase, ...problemResponses },
      },
    },
    async (req) => closeCase(app, opts.config, req.user, req.params.caseId, req.body.version),
  );

  app.post(
    '/followups/:followupId/record',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker')],
      schema: {
        tags: ['cases'],
        summary: 'Record a follow-up visit: reached / not reached / new incident (reopens for re-screening)',
        params: Type.Object({ followupId: Id }),
        body: Body({ outcome: Lit(FOLLOWUP_OUTCOMES), notes: Type.Optional(Text(4000)), version: Version }),
        response: { 200: Followup, ...problemResponses },
      },
    },
    async (req) =>
      recordFollowup(app, req.user, req.params.followupId, req.body.outcome, req.body.version, req.body.notes),
  );
}
