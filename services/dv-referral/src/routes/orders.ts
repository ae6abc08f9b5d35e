import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import {
  PO_APPLICANTS,
  PO_MEASURES,
  PO_ON_BEHALF_GROUNDS,
  PO_REJECT_REASONS,
  PO_SERVICE_PARTIES,
} from '@linkage/contracts';
import { AssigneeFilter, problemResponses } from '@linkage/service-kit';
import type { DvConfig } from '../config.ts';
import { actOnOrder, applyForOrder, getOrder, listCourtOrders } from '../domain/order/service.ts';
import type { OrderCommand } from '../domain/order/decide.ts';
import { PartyIdentity, partiesIn } from '../domain/order/parties.ts';
import { Body, Dept, Id, IsoTime, Lit, Order, Text, Version } from './schemas.ts';

const Measures = Type.Array(Lit(PO_MEASURES), { minItems: 1, maxItems: 4, uniqueItems: true });

export default async function orderRoutes(fastify: FastifyInstance, opts: { config: DvConfig }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const config = opts.config;

  app.post(
    '/protection-orders',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker', 'police_officer', 'court_clerk')],
      schema: {
        tags: ['protection orders'],
        summary: 'File a personal-safety protection-order application (ADVL Art. 23; measures Art. 29)',
        body: Body({
          caseId: Id,
          courtDept: Dept,
          applicant: Lit(PO_APPLICANTS),
          measures: Measures,
          urgent: Type.Boolean(),
          // ADVL Art. 23 / 法释〔2022〕17号 Art. 2: required when applying on her behalf (409 otherwise)
          onBehalfGround: Type.Optional(Lit(PO_ON_BEHALF_GROUNDS)),
          herWishes: Type.Optional(Type.Boolean()),
          assistedBy: Type.Optional(Type.Literal('women_federation')),
          particulars: Type.Optional(Text(4000)),
        }),
        response: { 201: Order, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await applyForOrder(app, req.user, req.body)),
  );

  app.get(
    '/protection-orders',
    {
      onRequest: [app.authenticate, requireRole('court_clerk')],
      schema: {
        tags: ['protection orders'],
        summary:
          "The clerk's court's applications and orders, each with its assignee (`?assignee=me`: my work; `none`: unassigned)",
        querystring: Type.Object({ assignee: Type.Optional(AssigneeFilter) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Order) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listCourtOrders(app, req.user, req.query.assignee) }),
  );

  app.get(
    '/protection-orders/:orderId',
    {
      onRequest: [app.authenticate, requireRole('court_clerk', 'wf_caseworker', 'police_officer', 'coordinator')],
      schema: {
        tags: ['protection orders'],
        summary: 'One application/order (its court, its filer, the case owner, coordinators)',
        params: Type.Object({ orderId: Id }),
        response: { 200: Order, ...problemResponses },
      },
    },
    async (req) => getOrder(app, req.user, req.params.orderId),
  );

  const court = [app.authenticate, requireRole('court_clerk')];
  const Params = Type.Object({ orderId: Id });
  const act = <B extends Record<string, TSchema>>(
    path: string,
    summary: string,
    body: B,
    toCmd: (b: Static<ReturnType<typeof Body<B>>>) => OrderCommand,
  ) =>
    app.post(
      `/protection-orders/:orderId/${path}`,
      {
        onRequest: court,
        schema: {
          tags: ['protection orders'],
          summary,
          params: Params,
          body: Body({ ...body, version: Version }),
          response: { 200: Order, ...problemResponses },
        },
      },
      async (req) =>
        actOnOrder(
          app,
          config,
          req.user,
          req.params.orderId,
          toCmd(req.body as never),
          (req.body as { version: number }).version,
          partiesIn(req.body),
        ),
    );

  act(
    'accept',
    "Accept (register) the application: the ruling clock starts (72 h, 24 h if urgent — Art. 28). The clerk may record the applicant's and the respondent's identity as seen in intake's dossier (kept encrypted, shown to this court only)",
    { applicant: Type.Optional(PartyIdentity), respondent: Type.Optional(PartyIdentity) },
    () => ({ kind: 'accept' }),
  );
  act(
    'issue',
    'Issue the order with its measures, valid for at most 6 months (Art. 30)',
    { validUntil: IsoTime, measures: Type.Optional(Measures) },
    (b) => ({
      kind: 'issue',
      validUntil: new Date(b.validUntil as string),
      ...(b.measures ? { measures: b.measures as never } : {}),
    }),
  );
  act(
    'reject',
    'Reject the application, with a reason',
    { reasonCode: Lit(PO_REJECT_REASONS), reason: Type.Optional(Text(1000)) },
    (b) => ({ kind: 'reject', reasonCode: b.reasonCode as never }),
  );
  act(
    'serve',
    'Record service on the applicant, respondent, police or committee (Art. 32)',
    { party: Lit(PO_SERVICE_PARTIES) },
    (b) => ({ kind: 'serve', party: b.party as never }),
  );
  act(
    'reconsideration',
    'Record a reconsideration request by the party the ruling went against (within 5 days, Art. 31)',
    { requestedBy: Lit(['applicant', 'respondent'] as const) },
    (b) => ({
      kind: 'request_reconsideration',
      requestedBy: b.requestedBy as never,
    }),
  );
  act(
    'reconsideration/decision',
    "The court's reconsideration decision: the ruling upheld, revoked or changed (Art. 31)",
    { outcome: Lit(['upheld', 'revoked', 'changed'] as const), measures: Type.Optional(Measures) },
    (b) => ({
      kind: 'decide_reconsideration',
      outcome: b.outcome as never,
      ...(b.measures ? { measures: b.measures as never } : {}),
    }),
  );
  act('extend', 'Extend the order before it expires', { validUntil: IsoTime }, (b) => ({
    kind: 'extend',
    validUntil: new Date(b.validUntil as string),
  }));
  act('change', 'Change the measures before it expires', { measures: Measures }, (b) => ({
    kind: 'change',
    measures: b.measures as never,
  }));
  act('revoke', 'Revoke the order before it expires', {}, () => ({ kind: 'revoke' }));
}
