import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { StreetCode } from '@linkage/contracts';
import { problemResponses, ValidationError } from '@linkage/service-kit';
import {
  clockCompliance,
  clocksNeedingAttention,
  measure,
  openCasesByDepartment,
  openCasesByStage,
  responseTimes,
} from '../db/queries.ts';
import { CLOCK_STATES, clockState } from '../domain/clocks/engine.ts';
import { CLOCK_RULES } from '../domain/clocks/rules.ts';
import { INDICATORS } from '../domain/indicators/definitions.ts';
import { oversightStreet } from '../domain/access/policy.ts';
import { STAGE_LABELS, type Stage } from '../domain/summary/stages.ts';

const COORDINATORS = ['coordinator', 'admin'] as const;
const Period = Type.Object({
  from: Type.String({ format: 'date', description: 'first day of the period (inclusive)' }),
  to: Type.String({ format: 'date', description: 'last day of the period (inclusive)' }),
});

function period(q: { from: string; to: string }): { from: Date; to: Date } {
  const from = new Date(`${q.from}T00:00:00+08:00`); // Beijing time: the district's day
  const to = new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000);
  if (to <= from) throw new ValidationError('bad_period', '`to` must not be before `from`.');
  if (to.getTime() - from.getTime() > 366 * 5 * 86_400_000)
    throw new ValidationError('bad_period', 'A period is at most five years.');
  return { from, to };
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

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
          severity: Type.Optional(Type.Union([Type.Literal('critical'), Type.Literal('high'), Type.Literal('normal')])),
          rule: Type.Optional(Type.Union(CLOCK_RULES.map((r) => Type.Literal(r.id)))),
          state: Type.Optional(Type.Union([Type.Literal('at_risk'), Type.Literal('breached'), Type.Literal('paused')])),
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
                state: Type.Union(CLOCK_STATES.map((x) => Type.Literal(x))),
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
      const now = app.clock();
      const q = req.query;
      const street = oversightStreet(req.user, q.street);
      const rows = await clocksNeedingAttention(
        app.store.db,
        now,
        { dept: q.dept, street, severity: q.severity, ruleId: q.rule },
        q.limit,
      );
      const items = rows
        .map((r) => {
          const deadline = r.deadline ? new Date(r.deadline) : null;
          const state = clockState(
            {
              status: r.status,
              deadline,
              warnAt: r.warn_at ? new Date(r.warn_at) : null,
              completedAt: r.completed_at ? new Date(r.completed_at) : null,
            },
            now,
          );
          return {
            clockId: r.id,
            ruleId: r.rule_id,
            label: CLOCK_RULES.find((x) => x.id === r.rule_id)?.label.zh ?? r.rule_id,
            caseId: r.case_id,
            caseNumber: r.case_number,
            dept: r.dept,
            street: r.street,
            severity: r.severity,
            state,
            deadline: deadline?.toISOString() ?? null,
            overdueHours: deadline && now > deadline ? round((now.getTime() - deadline.getTime()) / 3_600_000) : null,
          };
        })
        .filter((i) => !q.state || i.state === q.state);
      return { asOf: now.toISOString(), items };
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
    async (req) => {
      const street = oversightStreet(req.user, req.query.street);
      const [stages, depts] = await Promise.all([
        openCasesByStage(app.store.db, street),
        openCasesByDepartment(app.store.db, street),
      ]);
      return {
        byStage: stages.map((s) => ({
          stage: s.stage,
          label: STAGE_LABELS[s.stage as Stage]?.zh ?? s.stage,
          cases: s.n,
        })),
        byDepartment: depts.map((d) => ({ dept: d.dept, cases: d.n })),
      };
    },
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
    async (req) => {
      const { from, to } = period(req.query);
      const rows = await responseTimes(app.store.db, from, to);
      return {
        items: rows.map((r) => ({
          ruleId: r.rule_id,
          dept: r.dept,
          count: r.n,
          medianHours: round(r.median_hours),
          p90Hours: round(r.p90_hours),
          metOnTime: r.met,
          late: r.breached,
        })),
      };
    },
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
      const { from, to } = period(req.query);
      const street = oversightStreet(req.user, req.query.street);
      const values = await Promise.all(INDICATORS.map((i) => measure(app.store.db, i.measure, from, to, street)));
      const compliance = await clockCompliance(app.store.db, from, to, street);
      const body = {
        from: req.query.from,
        to: req.query.to,
        street: street ?? null,
        indicators: INDICATORS.map((i, n) => ({
          id: i.id,
          zh: i.zh,
          en: i.en,
          definition: i.definition,
          value: round(values[n] ?? null),
        })),
        clockCompliance: compliance.map((c) => ({
          ruleId: c.rule_id,
          label: CLOCK_RULES.find((r) => r.id === c.rule_id)?.label.zh ?? c.rule_id,
          metOnTime: c.met,
          breached: c.breached,
          open: c.open,
          complianceRate: c.met + c.breached > 0 ? round(c.met / (c.met + c.breached)) : null,
        })),
      };
      if (req.query.format === 'csv') {
        const lines = [
          'indicator,label_zh,label_en,value,from,to,street',
          ...body.indicators.map((i) =>
            [i.id, i.zh, i.en, i.value ?? '', body.from, body.to, body.street ?? ''].map(csv).join(','),
          ),
          ...body.clockCompliance.map((c) =>
            [
              `clock_compliance:${c.ruleId}`,
              c.label,
              'on-time rate',
              c.complianceRate ?? '',
              body.from,
              body.to,
              body.street ?? '',
            ]
              .map(csv)
              .join(','),
          ),
        ];
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="indicators-${body.from}-${body.to}.csv"`)
          .serializer((s: string) => s)
          .send(('\ufeff' + lines.join('\r\n') + '\r\n') as never);
      }
      return body;
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
    async () => ({
      clocks: CLOCK_RULES.map((r) => ({
        id: r.id,
        label: r.label,
        source: r.source,
        start: r.start,
        deadline: r.deadline,
        stop: r.stop,
        cancel: r.cancel ?? [],
        warnAt: r.warnAt,
        severity: r.severity,
      })),
      indicators: [...INDICATORS],
    }),
  );
}

function csv(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
