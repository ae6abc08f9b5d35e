import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { CapabilityLevel, StreetCode } from '@linkage/contracts';
import { AssigneeFilter, problemResponses } from '@linkage/service-kit';
import type { ElderCarePolicy } from '../config.ts';
import { indicatorStreet, type Ctx } from '../domain/shared.ts';
import { Person, ReferClientBody, UpdateClientBody } from '../domain/client/referral.ts';
import { listClientsFor, referClient, updateClientProfile, viewClient } from '../domain/client/service.ts';
import { AssessBody, assess } from '../domain/assessment/service.ts';
import { BookRespiteBody, bookRespite, changeBooking, DeliverRespiteBody } from '../domain/respite/service.ts';
import {
  closeVisit,
  FamilyBedBody,
  recordTraining,
  ScheduleVisitBody,
  scheduleVisit,
  setUpFamilyBed,
  TrainingBody,
} from '../domain/services/service.ts';
import { EndPlacementBody, endPlacement, requestPlacement, RequestPlacementBody } from '../domain/placement/service.ts';
import { RaiseSafeguardingBody, raiseSafeguarding } from '../domain/safeguarding/service.ts';
import { CreateFacilityBody, createFacility, facilities } from '../domain/facility/service.ts';
import { indicators } from '../domain/indicators/service.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();

const Client = Type.Object({
  id: Str,
  caseId: Str,
  channel: Str,
  status: Str,
  street: Nullable(Str),
  riskLevel: Str,
  livingSituation: Nullable(Str),
  caregiver: Nullable(Type.Object({ relation: Str, strain: Str })),
  hardship: Type.Array(Str),
  level: Nullable(Str),
  respiteDaysPerYear: Type.Integer(),
  assessBy: Str,
  reassessBy: Nullable(Str),
  referredAt: Str,
  version: Type.Integer(),
  /** The officer (token `sub`) the client is assigned to, null when unassigned (lists only). */
  assignee: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
const ClientView = Type.Composite([
  Client,
  Type.Object({
    identified: Type.Boolean(),
    person: Type.Optional(Nullable(Person)),
    caregiverContact: Type.Optional(Nullable(Type.Object({ name: Type.Optional(Str), phone: Type.Optional(Str) }))),
  }),
]);
const Assessment = Type.Object({
  id: Str,
  clientId: Str,
  level: CapabilityLevel,
  levelZh: Str,
  /** GB/T 42195-2022: the level from the total, the adjustments that made `level`, and 失智 recorded. */
  baseLevel: CapabilityLevel,
  adjustments: Type.Array(Str),
  dementia: Type.Boolean(),
  totalScore: Type.Integer(),
  domainScores: Type.Record(Str, Type.Integer()),
  respiteDaysPerYear: Type.Integer(),
  assessor: Type.Object({ sub: Str, dept: Str }),
  assessedAt: Str,
  reassessBy: Str,
});
const Booking = Type.Object({
  id: Str,
  clientId: Str,
  facilityId: Str,
  startDate: Str,
  endDate: Str,
  days: Type.Integer(),
  status: Str,
  daysDelivered: Nullable(Type.Integer()),
  daysLeftThisYear: Type.Optional(Type.Integer()),
  dueAt: Type.Optional(Str),
});
const Visit = Type.Object({ id: Str, clientId: Str, serviceType: Str, dueAt: Str, status: Str });
const FamilyBed = Type.Object({ id: Str, clientId: Str, status: Str, setUpAt: Str, reviewBy: Str });
const Placement = Type.Object({ id: Str, clientId: Str, facilityId: Str, status: Str, costBasis: Str });
const PlacementEnd = Type.Object({ id: Str, status: Str, nextPlaced: Type.Array(Str) });
const Training = Type.Object({ id: Str, clientId: Str, topic: Str, hours: Type.Integer(), heldAt: Str });
const Safeguarding = Type.Object({ id: Str, clientId: Str, outcome: Str, consentBasis: Nullable(Str), raisedAt: Str });
const Facility = Type.Object({
  id: Str,
  kind: Str,
  name: Str,
  street: Nullable(Str),
  capacity: Type.Integer(),
  active: Type.Boolean(),
});
const Counts = Type.Object({
  respite_days_delivered: Type.Integer(),
  home_visits_delivered: Type.Integer(),
  home_visits_missed: Type.Integer(),
  placements_made: Type.Integer(),
  family_beds_set_up: Type.Integer(),
  caregiver_trainings: Type.Integer(),
  safeguarding_referred: Type.Integer(),
});
const Indicators = Type.Object({
  from: Str,
  to: Str,
  street: Nullable(Str),
  total: Counts,
  byStreet: Type.Array(Type.Composite([Type.Object({ street: Str }), Counts])),
  institutionBeds: Type.Object({
    capacity: Type.Integer(),
    inUse: Type.Integer(),
    byStreet: Type.Array(Type.Object({ street: Str, capacity: Type.Integer(), inUse: Type.Integer() })),
  }),
});

const ClientParams = Type.Object({ clientId: Id });
const OFFICER = ['elder_care_officer'] as const;

export default async function elderCareRoutes(fastify: FastifyInstance, opts: { policy: ElderCarePolicy }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (req: FastifyRequest): Ctx => ({
    app: fastify,
    who: req.user,
    correlationId: req.id,
    policy: opts.policy,
  });
  const officer = [app.authenticate, requireRole(...OFFICER)];

  app.post(
    '/clients',
    {
      onRequest: officer,
      schema: {
        tags: ['clients'],
        summary: 'Refer an elderly person directly (personal data encrypted at rest)',
        body: ReferClientBody,
        response: { 201: Client, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await referClient(ctx(req), req.body)),
  );

  app.get(
    '/clients',
    {
      onRequest: [app.authenticate, requireRole('elder_care_officer', 'coordinator')],
      schema: {
        tags: ['clients'],
        summary:
          "Work list (de-identified): officers see their streets' records, soonest assessment due first, each with its assignee (`?assignee=me`: my work; `none`: unassigned)",
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union([Type.Literal('referred'), Type.Literal('assessed')])),
            assignee: Type.Optional(AssigneeFilter),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Client) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listClientsFor(fastify, req.user, req.query.status, req.query.assignee) }),
  );

  app.get(
    '/clients/:clientId',
    {
      onRequest: [app.authenticate, requireRole('elder_care_officer', 'coordinator')],
      schema: {
        tags: ['clients'],
        summary: 'One record; personal data only for officers of her street (each view audited)',
        params: ClientParams,
        response: { 200: ClientView, ...problemResponses },
      },
    },
    async (req) => viewClient(fastify, req.user, req.params.clientId),
  );

  app.patch(
    '/clients/:clientId',
    {
      onRequest: officer,
      schema: {
        tags: ['clients'],
        summary: 'Update living situation, caregiver, hardship flags or personal data (send the version you read)',
        params: ClientParams,
        body: UpdateClientBody,
        response: { 200: Client, ...problemResponses },
      },
    },
    async (req) => updateClientProfile(ctx(req), req.params.clientId, req.body),
  );

  app.post(
    '/clients/:clientId/assessments',
    {
      onRequest: officer,
      schema: {
        tags: ['assessments'],
        summary: 'Record a capability assessment (GB/T 42195-2022 item scores → level, entitlement, reassessment due)',
        params: ClientParams,
        body: AssessBody,
        response: { 201: Assessment, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await assess(ctx(req), req.params.clientId, req.body)),
  );

  app.post(
    '/clients/:clientId/respite-bookings',
    {
      onRequest: officer,
      schema: {
        tags: ['respite'],
        summary: 'Book a respite stay (never over the annual entitlement or the provider’s places)',
        params: ClientParams,
        body: BookRespiteBody,
        response: { 201: Booking, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await bookRespite(ctx(req), req.params.clientId, req.body)),
  );

  app.post(
    '/respite-bookings/:bookingId/delivery',
    {
      onRequest: officer,
      schema: {
        tags: ['respite'],
        summary: 'Record a stay as delivered, with the days actually delivered',
        params: Type.Object({ bookingId: Id }),
        body: DeliverRespiteBody,
        response: { 200: Booking, ...problemResponses },
      },
    },
    async (req) =>
      changeBooking(ctx(req), req.params.bookingId, { kind: 'deliver', daysDelivered: req.body.daysDelivered }),
  );

  app.post(
    '/respite-bookings/:bookingId/cancellation',
    {
      onRequest: officer,
      schema: {
        tags: ['respite'],
        summary: 'Cancel a booked stay',
        params: Type.Object({ bookingId: Id }),
        response: { 200: Booking, ...problemResponses },
      },
    },
    async (req) => changeBooking(ctx(req), req.params.bookingId, { kind: 'cancel' }),
  );

  app.post(
    '/clients/:clientId/home-visits',
    {
      onRequest: officer,
      schema: {
        tags: ['home care'],
        summary: 'Schedule a home care visit',
        params: ClientParams,
        body: ScheduleVisitBody,
        response: { 201: Visit, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await scheduleVisit(ctx(req), req.params.clientId, req.body)),
  );

  app.post(
    '/home-visits/:visitId/:outcome',
    {
      onRequest: officer,
      schema: {
        tags: ['home care'],
        summary: 'Close a visit: delivered, missed or cancelled',
        params: Type.Object({
          visitId: Id,
          outcome: Type.Union([Type.Literal('delivered'), Type.Literal('missed'), Type.Literal('cancelled')]),
        }),
        response: { 200: Visit, ...problemResponses },
      },
    },
    async (req) =>
      closeVisit(
        ctx(req),
        req.params.visitId,
        ({ delivered: 'deliver', missed: 'miss', cancelled: 'cancel' } as const)[req.params.outcome],
      ),
  );

  app.post(
    '/clients/:clientId/family-beds',
    {
      onRequest: officer,
      schema: {
        tags: ['family care beds'],
        summary: 'Set up a family care bed at home',
        params: ClientParams,
        body: FamilyBedBody,
        response: { 201: FamilyBed, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await setUpFamilyBed(ctx(req), req.params.clientId, req.body)),
  );

  app.post(
    '/clients/:clientId/placements',
    {
      onRequest: officer,
      schema: {
        tags: ['placements'],
        summary: 'Request an institution bed: placed if free, else waitlisted (hardship first)',
        params: ClientParams,
        body: RequestPlacementBody,
        response: { 201: Placement, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await requestPlacement(ctx(req), req.params.clientId, req.body)),
  );

  app.post(
    '/placements/:placementId/end',
    {
      onRequest: officer,
      schema: {
        tags: ['placements'],
        summary: 'End a placement or withdraw a waiting request; a freed bed goes to the next in priority',
        params: Type.Object({ placementId: Id }),
        body: EndPlacementBody,
        response: { 200: PlacementEnd, ...problemResponses },
      },
    },
    async (req) => endPlacement(ctx(req), req.params.placementId, req.body.reason),
  );

  app.post(
    '/clients/:clientId/caregiver-trainings',
    {
      onRequest: officer,
      schema: {
        tags: ['caregivers'],
        summary: 'Record a caregiver training session',
        params: ClientParams,
        body: TrainingBody,
        response: { 201: Training, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await recordTraining(ctx(req), req.params.clientId, req.body)),
  );

  app.post(
    '/clients/:clientId/safeguarding',
    {
      onRequest: officer,
      schema: {
        tags: ['safeguarding'],
        summary: 'Flag suspected abuse or neglect; with a basis, hands the case to DV referral',
        params: ClientParams,
        body: RaiseSafeguardingBody,
        response: { 201: Safeguarding, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await raiseSafeguarding(ctx(req), req.params.clientId, req.body)),
  );

  app.post(
    '/facilities',
    {
      onRequest: [app.authenticate, requireRole('admin')],
      schema: {
        tags: ['facilities'],
        summary: 'Add a respite provider or an institution with its capacity',
        body: CreateFacilityBody,
        response: { 201: Facility, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createFacility(fastify, req.user, req.body)),
  );

  app.get(
    '/facilities',
    {
      onRequest: [app.authenticate, requireRole('elder_care_officer', 'coordinator', 'admin')],
      schema: {
        tags: ['facilities'],
        summary: 'Respite providers and institutions',
        response: { 200: Type.Object({ items: Type.Array(Facility) }), ...problemResponses },
      },
    },
    async () => ({ items: await facilities(fastify) }),
  );

  app.get(
    '/indicators',
    {
      onRequest: [app.authenticate, requireRole('coordinator', 'elder_care_officer')],
      schema: {
        tags: ['indicators'],
        summary:
          'Respite days, home visits, placements, family beds, trainings by street for [from, to); institution beds in use vs capacity',
        querystring: Type.Object(
          {
            from: Type.String({ format: 'date-time', maxLength: 40 }),
            to: Type.String({ format: 'date-time', maxLength: 40 }),
            street: Type.Optional(StreetCode),
          },
          { additionalProperties: false },
        ),
        response: { 200: Indicators, ...problemResponses },
      },
    },
    async (req) => indicators(fastify, { ...req.query, street: indicatorStreet(req.user, req.query.street) }),
  );
}
