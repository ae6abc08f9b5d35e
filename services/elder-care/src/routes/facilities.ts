import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { StreetCode } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import { createFacility, facilities } from '../application/facilities.ts';
import { indicators } from '../application/indicators.ts';
import { indicatorStreet } from '../domain/policy.ts';
import { CreateFacilityBody } from '../domain/facility/schemas.ts';
import { Facility, Indicators } from './schemas.ts';

/** Providers and institutions (kept by the admin), and the plan indicators by street. */
export default async function facilityRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
