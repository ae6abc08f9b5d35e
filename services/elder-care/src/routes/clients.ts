import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { AssigneeFilter, problemResponses } from '@linkage/service-kit';
import type { ElderCarePolicy } from '../config.ts';
import type { Ctx } from '../application/context.ts';
import { listClientsFor, referClient, updateClientProfile, viewClient } from '../application/clients.ts';
import { assess } from '../application/assessment.ts';
import { ReferClientBody, UpdateClientBody } from '../domain/client/referral.ts';
import { AssessBody } from '../domain/assessment/schemas.ts';
import { Assessment, Client, ClientParams, ClientView } from './schemas.ts';

/** Elderly people's records: referral, the work list, one record, updates, capability assessments. */
export default async function clientRoutes(fastify: FastifyInstance, opts: { policy: ElderCarePolicy }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (req: FastifyRequest): Ctx => ({
    app: fastify,
    who: req.user,
    correlationId: req.id,
    policy: opts.policy,
  });
  const officer = [app.authenticate, requireRole('elder_care_officer')];

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
}
