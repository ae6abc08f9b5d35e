import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import {
  DV_DEPARTMENTS,
  REFERRAL_DECLINE_REASONS,
  REFERRAL_WITHDRAW_REASONS,
  RISK_LEVELS,
  STREETS,
} from '@linkage/contracts';
import { AssigneeFilter, problemResponses } from '@linkage/service-kit';
import type { DvConfig } from '../config.ts';
import { actOnReferral, createReferral } from '../application/referrals.ts';
import { getReferral, listCaseReferrals, listReferrals } from '../application/referral-views.ts';
import { Body, Dept, Id, Lit, ReferralBase, ReferralDetail, ReferralListItem, Text, Version } from './schemas.ts';

const READERS = [
  'police_officer',
  'court_clerk',
  'shelter_officer',
  'health_worker',
  'wf_caseworker',
  'coordinator',
] as const;
const RECEIVERS = ['police_officer', 'court_clerk', 'shelter_officer', 'health_worker', 'wf_caseworker'] as const;

export default async function referralRoutes(fastify: FastifyInstance, opts: { config: DvConfig }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const config = opts.config;

  app.get(
    '/referrals',
    {
      onRequest: [app.authenticate, requireRole(...READERS)],
      schema: {
        tags: ['referrals'],
        summary:
          "Referrals sent to the caller's department, soonest acceptance deadline first, each with its assignee (`?assignee=me`: my work; `none`: unassigned)",
        querystring: Type.Object(
          {
            status: Type.Optional(Lit(['requested', 'accepted', 'in_progress', 'completed', 'declined', 'withdrawn'])),
            assignee: Type.Optional(AssigneeFilter),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(ReferralListItem) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listReferrals(app, req.user, req.query.status, req.query.assignee) }),
  );

  app.get(
    '/referrals/:referralId',
    {
      onRequest: [app.authenticate, requireRole(...READERS)],
      schema: {
        tags: ['referrals'],
        summary:
          'One referral: the receiving department sees the fields its type needs (audited); the case owner and coordinators a de-identified view',
        params: Type.Object({ referralId: Id }),
        response: { 200: ReferralDetail, ...problemResponses },
      },
    },
    async (req) => getReferral(app, req.user, req.params.referralId),
  );

  app.post(
    '/referrals',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker')],
      schema: {
        tags: ['referrals'],
        summary:
          'A caseworker refers a case to a department (police, court, shelter, health, counselling, women’s federation)',
        body: Body({
          caseId: Id,
          department: Lit(DV_DEPARTMENTS),
          assignedDept: Dept,
          riskLevel: Lit(RISK_LEVELS),
          street: Type.Optional(Type.Union([Lit(Object.keys(STREETS)), Type.Null()])),
          contact: Type.Optional(
            Type.Record(Type.String({ maxLength: 32 }), Type.String({ maxLength: 200 }), { maxProperties: 6 }),
          ),
          note: Type.Optional(Text(4000)),
        }),
        response: { 201: ReferralBase, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createReferral(app, config, req.user, req.body)),
  );

  const Params = Type.Object({ referralId: Id });
  const step = (kind: 'accept' | 'start' | 'complete', summary: string) =>
    app.post(
      `/referrals/:referralId/${kind}`,
      {
        onRequest: [app.authenticate, requireRole(...RECEIVERS)],
        schema: {
          tags: ['referrals'],
          summary,
          params: Params,
          body: Body({ version: Version }),
          response: { 200: ReferralBase, ...problemResponses },
        },
      },
      async (req) => actOnReferral(app, config, req.user, req.params.referralId, { kind }, req.body.version),
    );
  step('accept', 'The receiving department accepts the referral');
  step('start', 'The receiving department starts work on it');
  step('complete', 'The receiving department completes it');

  app.post(
    '/referrals/:referralId/decline',
    {
      onRequest: [app.authenticate, requireRole(...RECEIVERS)],
      schema: {
        tags: ['referrals'],
        summary: 'The receiving department declines, with a reason; the case owner must re-route',
        params: Params,
        body: Body({ version: Version, reasonCode: Lit(REFERRAL_DECLINE_REASONS), reason: Text(1000) }),
        response: { 200: ReferralBase, ...problemResponses },
      },
    },
    async (req) =>
      actOnReferral(
        app,
        config,
        req.user,
        req.params.referralId,
        { kind: 'decline', reasonCode: req.body.reasonCode },
        req.body.version,
        req.body.reason,
      ),
  );

  app.post(
    '/referrals/:referralId/withdraw',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker')],
      schema: {
        tags: ['referrals'],
        summary: 'The case owner withdraws a referral',
        params: Params,
        body: Body({ version: Version, reasonCode: Lit(REFERRAL_WITHDRAW_REASONS), reason: Type.Optional(Text(1000)) }),
        response: { 200: ReferralBase, ...problemResponses },
      },
    },
    async (req) =>
      actOnReferral(
        app,
        config,
        req.user,
        req.params.referralId,
        { kind: 'withdraw', reasonCode: req.body.reasonCode },
        req.body.version,
        req.body.reason,
      ),
  );

  app.get(
    '/cases/:caseId/referrals',
    {
      onRequest: [app.authenticate, requireRole('wf_caseworker', 'coordinator')],
      schema: {
        tags: ['referrals'],
        summary: 'All referrals of a case, for its owner and coordinators (status and clocks, no personal data)',
        params: Type.Object({ caseId: Id }),
        response: { 200: Type.Object({ items: Type.Array(ReferralBase) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await listCaseReferrals(app, req.user, req.params.caseId) }),
  );
}
