import { Type, type TSchema } from '@sinclair/typebox';
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
import type { Principal } from '@linkage/auth';
import { actOnOrder, applyForOrder, getOrder, listCourtOrders } from '../application/orders.ts';
import type { OrderCommand } from '../domain/order/decide.ts';
import { PartyIdentity, partiesIn, type RegisteredParties } from '../domain/order/parties.ts';
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

  const Params = Type.Object({ orderId: Id });
  /** The court's command routes: the clerk's court only; each body carries the version the clerk read. */
  const courtAct = <B extends TSchema>(summary: string, body: B) => ({
    onRequest: [app.authenticate, requireRole('court_clerk')],
    schema: {
      tags: ['protection orders'],
      summary,
      params: Params,
      body,
      response: { 200: Order, ...problemResponses },
    },
  });
  const act = (
    req: { user: Principal; params: { orderId: string }; body: { version: number } & RegisteredParties },
    cmd: OrderCommand,
  ) => actOnOrder(app, config, req.user, req.params.orderId, cmd, req.body.version, partiesIn(req.body));

  app.post(
    '/protection-orders/:orderId/accept',
    courtAct(
      "Accept (register) the application: the ruling clock starts (72 h, 24 h if urgent — Art. 28). The clerk may record the applicant's and the respondent's identity as seen in intake's dossier (kept encrypted, shown to this court only)",
      Body({ applicant: Type.Optional(PartyIdentity), respondent: Type.Optional(PartyIdentity), version: Version }),
    ),
    async (req) => act(req, { kind: 'accept' }),
  );
  app.post(
    '/protection-orders/:orderId/issue',
    courtAct(
      'Issue the order with its measures, valid for at most 6 months (Art. 30)',
      Body({ validUntil: IsoTime, measures: Type.Optional(Measures), version: Version }),
    ),
    async (req) =>
      act(req, {
        kind: 'issue',
        validUntil: new Date(req.body.validUntil),
        ...(req.body.measures ? { measures: req.body.measures } : {}),
      }),
  );
  app.post(
    '/protection-orders/:orderId/reject',
    courtAct(
      'Reject the application, with a reason',
      Body({ reasonCode: Lit(PO_REJECT_REASONS), reason: Type.Optional(Text(1000)), version: Version }),
    ),
    async (req) => act(req, { kind: 'reject', reasonCode: req.body.reasonCode }),
  );
  app.post(
    '/protection-orders/:orderId/serve',
    courtAct(
      'Record service on the applicant, respondent, police or committee (Art. 32)',
      Body({ party: Lit(PO_SERVICE_PARTIES), version: Version }),
    ),
    async (req) => act(req, { kind: 'serve', party: req.body.party }),
  );
  app.post(
    '/protection-orders/:orderId/reconsideration',
    courtAct(
      'Record a reconsideration request by the party the ruling went against (within 5 days, Art. 31)',
      Body({ requestedBy: Lit(['applicant', 'respondent'] as const), version: Version }),
    ),
    async (req) => act(req, { kind: 'request_reconsideration', requestedBy: req.body.requestedBy }),
  );
  app.post(
    '/protection-orders/:orderId/reconsideration/decision',
    courtAct(
      "The court's reconsideration decision: the ruling upheld, revoked or changed (Art. 31)",
      Body({
        outcome: Lit(['upheld', 'revoked', 'changed'] as const),
        measures: Type.Optional(Measures),
        version: Version,
      }),
    ),
    async (req) =>
      act(req, {
        kind: 'decide_reconsideration',
        outcome: req.body.outcome,
        ...(req.body.measures ? { measures: req.body.measures } : {}),
      }),
  );
  app.post(
    '/protection-orders/:orderId/extend',
    courtAct('Extend the order before it expires', Body({ validUntil: IsoTime, version: Version })),
    async (req) => act(req, { kind: 'extend', validUntil: new Date(req.body.validUntil) }),
  );
  app.post(
    '/protection-orders/:orderId/change',
    courtAct('Change the measures before it expires', Body({ measures: Measures, version: Version })),
    async (req) => act(req, { kind: 'change', measures: req.body.measures }),
  );
  app.post(
    '/protection-orders/:orderId/revoke',
    courtAct('Revoke the order before it expires', Body({ version: Version })),
    async (req) => act(req, { kind: 'revoke' }),
  );
}
