import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { problemResponses } from '@linkage/service-kit';
import type { ElderCarePolicy } from '../config.ts';
import type { Ctx } from '../application/context.ts';
import { bookRespite, changeBooking } from '../application/respite.ts';
import { closeVisit, recordTraining, scheduleVisit, setUpFamilyBed } from '../application/home-care.ts';
import { endPlacement, requestPlacement } from '../application/placement.ts';
import { raiseSafeguarding } from '../application/safeguarding.ts';
import { BookRespiteBody, DeliverRespiteBody } from '../domain/respite/schemas.ts';
import { FamilyBedBody, ScheduleVisitBody, TrainingBody } from '../domain/services/schemas.ts';
import { EndPlacementBody, RequestPlacementBody } from '../domain/placement/schemas.ts';
import { RaiseSafeguardingBody } from '../domain/safeguarding/schemas.ts';
import {
  Booking,
  ClientParams,
  FamilyBed,
  Id,
  Placement,
  PlacementEnd,
  Safeguarding,
  Training,
  Visit,
} from './schemas.ts';

/** Services for one person: respite, home visits, family care beds, placements, caregiver training, safeguarding. */
export default async function careRoutes(fastify: FastifyInstance, opts: { policy: ElderCarePolicy }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (req: FastifyRequest): Ctx => ({
    app: fastify,
    who: req.user,
    correlationId: req.id,
    policy: opts.policy,
  });
  const officer = [app.authenticate, requireRole('elder_care_officer')];

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
      closeVisit(ctx(req), req.params.visitId, {
        kind: ({ delivered: 'deliver', missed: 'miss', cancelled: 'cancel' } as const)[req.params.outcome],
      }),
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
}
