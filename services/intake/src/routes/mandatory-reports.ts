import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { NotFoundError } from '@linkage/domain';
import { problemResponses } from '@linkage/service-kit';
import { MandatoryReportBody } from '../domain/case/schemas.ts';
import { rolesFor } from '../domain/case/policy.ts';
import { myReports } from '../application/case-reads.ts';
import { fileMandatoryReport } from '../application/open-case.ts';

const Receipt = Type.Object({
  receiptNumber: Type.String(),
  status: Type.Union([Type.Literal('received'), Type.Literal('referred'), Type.Literal('closed')]),
  receivedAt: Type.String(),
});

export default async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/mandatory-reports',
    {
      onRequest: [app.authenticate, requireRole(...rolesFor('file_report'))],
      schema: {
        tags: ['mandatory reports'],
        summary:
          'File a mandatory report (ADVL Art. 14); the case opens with a police referral request and you get a receipt number',
        body: MandatoryReportBody,
        response: { 201: Receipt, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await fileMandatoryReport(app, req.user, req.body, req.id, app.intakeSettings.mandatoryReportOwnerDept)),
  );

  app.get(
    '/mandatory-reports',
    {
      onRequest: [app.authenticate, requireRole(...rolesFor('own_reports'))],
      schema: {
        tags: ['mandatory reports'],
        summary: 'Your own reports and their status',
        response: { 200: Type.Object({ items: Type.Array(Receipt) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await myReports(app, req.user) }),
  );

  app.get(
    '/mandatory-reports/:receiptNumber',
    {
      onRequest: [app.authenticate, requireRole(...rolesFor('own_reports'))],
      schema: {
        tags: ['mandatory reports'],
        summary: "One of your own reports' status (another reporter's receipt is not found)",
        params: Type.Object({ receiptNumber: Type.String({ pattern: '^MR-\\d{4}-\\d{6}$', maxLength: 20 }) }),
        response: { 200: Receipt, ...problemResponses },
      },
    },
    async (req) => {
      const [r] = await myReports(app, req.user, req.params.receiptNumber);
      if (!r) throw new NotFoundError('The report');
      return r;
    },
  );
}
