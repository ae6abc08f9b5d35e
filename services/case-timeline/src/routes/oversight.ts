import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { StreetCode } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import {
  clocksNeedingAttention,
  indicatorCsv,
  indicatorReport,
  openCases,
  responseTimes,
  rulesInForce,
} from '../application/oversight.ts';
import { oversightStreet } from '../domain/access/policy.ts';
import { AttentionStateSchema, ClockStateSchema, RuleIdSchema, SeveritySchema } from './schemas.ts';

const COORDINATORS = ['coordinator', 'admin'] as const;
const Period = Type.Object({
  from: Type.String({ format: 'date', description: 'first day of the period (inclusive)' }),
  to: Type.String({ format: 'date', description: 'last day of the period (inclusive)' }),
});

export default async function oversightRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const auth = { onRequest: [app.authenticate, requireRole(...COORDINATORS)] };

  app.get(
    '/oversight/clocks',
    {
      ...auth,
      schema: {
        tags: ['oversight'],
        summary: 'Clocks that are at risk, breached or paused (waiting on someone) now, most severe and soonest first',
        querystring: Type.Object({
          dept: Type.Optional(Type.String({ maxLength: 64 })),
          street: Type.Optional(StreetCode),
          severity: Type.Optional(SeveritySchema),
          rule: Type.Optional(RuleIdSchema),
          state: Type.Optional(AttentionStateSchema),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: {
          200: Type.Object({
            asOf: Type.String(),
            items: Type.Array(
              Type.Object({
                clockId: Type.String(),
                ruleId: Type.String(),
                label: Type.String(),
                caseId: Type.String(),
                caseNumber: Type.Union([Type.String(), Type.Null()]),
                dept: Type.Union([Type.String(), Type.Null()]),
                street: Type.Union([Type.String(), Type.Null()]),
                severity: Type.String(),
                state: ClockStateSchema,
                deadline: Type.Union([Type.String(), Type.Null()]),
                overdueHours: Type.Union([Type.Number(), Type.Null()]),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => {
      const street = oversightStreet(req.user, req.query.street);
      return clocksNeedingAttention(app.store.db, { ...req.query, street }, app.clock());
    },
  );

  app.get(
    '/oversight/open-cases',
    {
      ...auth,
      schema: {
        tags: ['oversight'],
        summary: 'Open cases by stage and by department involved',
        querystring: Type.Object({ street: Type.Optional(StreetCode) }),
        response: {
          200: Type.Object({
            byStage: Type.Array(Type.Object({ stage: Type.String(), label: Type.String(), cases: Type.Integer() })),
            byDepartment: Type.Array(Type.Object({ dept: Type.String(), cases: Type.Integer() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => openCases(app.store.db, oversightStreet(req.user, req.query.street)),
  );

  app.get(
    '/oversight/response-times',
    {
      ...auth,
      schema: {
        tags: ['oversight'],
        summary: 'Per department and clock: median and 90th-percentile hours to accept, to rule, to decide',
        querystring: Period,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                ruleId: Type.String(),
                dept: Type.Union([Type.String(), Type.Null()]),
                count: Type.Integer(),
                medianHours: Type.Union([Type.Number(), Type.Null()]),
                p90Hours: Type.Union([Type.Number(), Type.Null()]),
                metOnTime: Type.Integer(),
                late: Type.Integer(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (req) => responseTimes(app.store.db, req.query),
  );

  app.get(
    '/oversight/indicators',
    {
      ...auth,
      schema: {
        tags: ['oversight'],
        summary: "The plan's indicators for a period and (optionally) a street, as JSON or CSV",
        querystring: Type.Composite([
          Period,
          Type.Object({
            street: Type.Optional(StreetCode),
            format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }),
          }),
        ]),
        response: {
          // format=json (default) or format=csv: both documented
          200: {
            description: 'The indicators as JSON, or as CSV with format=csv',
            content: {
              'application/json': {
                schema: Type.Object({
                  from: Type.String(),
                  to: Type.String(),
                  street: Type.Union([Type.String(), Type.Null()]),
                  indicators: Type.Array(
                    Type.Object({
                      id: Type.String(),
                      zh: Type.String(),
                      en: Type.String(),
                      definition: Type.String(),
                      value: Type.Union([Type.Number(), Type.Null()]),
                    }),
                  ),
                  clockCompliance: Type.Array(
                    Type.Object({
                      ruleId: Type.String(),
                      label: Type.String(),
                      metOnTime: Type.Integer(),
                      breached: Type.Integer(),
                      open: Type.Integer(),
                      complianceRate: Type.Union([Type.Number(), Type.Null()]),
                    }),
                  ),
                }),
              },
              'text/csv': { schema: Type.String() },
            },
          },
          ...problemResponses,
        },
      },
    },
    async (req, reply) => {
      const street = oversightStreet(req.user, req.query.street);
      const body = await indicatorReport(app.store.db, req.query, street);
      if (req.query.format !== 'csv') return body;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="indicators-${body.from}-${body.to}.csv"`)
        .serializer((s: string) => s)
        .send(indicatorCsv(body));
    },
  );

  app.get(
    '/oversight/rules',
    {
      ...auth,
      schema: {
        tags: ['oversight'],
        summary: 'The clock rules and indicator definitions in force',
        response: {
          200: Type.Object({ clocks: Type.Array(Type.Unknown()), indicators: Type.Array(Type.Unknown()) }),
          ...problemResponses,
        },
      },
    },
    async () => rulesInForce(),
  );
}
