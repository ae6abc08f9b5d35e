import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { PERPETRATOR_PROGRAMME_OUTCOMES, PERPETRATOR_PROGRAMMES } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import { concludeProgramme, programmesOf, referPerpetrator } from '../application/perpetrators.ts';
import { FILERS } from '../domain/access.ts';
import { Body, Id, Lit, PerpetratorProgramme, Version } from './schemas.ts';

/**
 * Plan 二(七)4 (加强对施暴者的法治教育、心理辅导和行为矫治): the abuser's education and correction. The same roles and
 * rule as the case's other actions (a protection-order application, an injury assessment): the departments working
 * the case.
 */
export default async function perpetratorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const workers = [app.authenticate, requireRole(...FILERS)];

  app.post(
    '/perpetrator-programmes',
    {
      onRequest: workers,
      schema: {
        tags: ['cases'],
        summary: 'Refer the abuser to legal education, counselling or behaviour correction (plan 二(七)4)',
        body: Body({ caseId: Id, programme: Lit(PERPETRATOR_PROGRAMMES) }),
        response: { 201: PerpetratorProgramme, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await referPerpetrator(app, req.user, req.body)),
  );

  app.post(
    '/perpetrator-programmes/:programmeId/conclude',
    {
      onRequest: workers,
      schema: {
        tags: ['cases'],
        summary: "Record how the abuser's programme ended: completed or not completed",
        params: Type.Object({ programmeId: Id }),
        body: Body({ outcome: Lit(PERPETRATOR_PROGRAMME_OUTCOMES), version: Version }),
        response: { 200: PerpetratorProgramme, ...problemResponses },
      },
    },
    async (req) => concludeProgramme(app, req.user, req.params.programmeId, req.body),
  );

  app.get(
    '/cases/:caseId/perpetrator-programmes',
    {
      onRequest: [app.authenticate, requireRole(...FILERS, 'coordinator')],
      schema: {
        tags: ['cases'],
        summary: "The abuser's education and correction programmes of a case",
        params: Type.Object({ caseId: Id }),
        response: { 200: Type.Object({ items: Type.Array(PerpetratorProgramme) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await programmesOf(app, req.user, req.params.caseId) }),
  );
}
