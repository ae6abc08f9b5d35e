import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requireRole } from '@linkage/auth';
import { CALLOUT_OUTCOMES, POLICE_VISIT_OUTCOMES, STREETS, WARNING_RECIPIENTS } from '@linkage/contracts';
import { problemResponses } from '@linkage/service-kit';
import type { DvConfig } from '../config.ts';
import { deliverWarningLetter, issueWarningLetter, recordCallout, recordPoliceVisit } from '../application/police.ts';
import { recordSession } from '../application/care.ts';
import { committeeVisits, recordCommitteeVisit } from '../application/committee.ts';
import {
  Body,
  Callout,
  CommitteeVisit,
  Id,
  IsoTime,
  Lit,
  Session,
  Text,
  Version,
  Visit,
  WarningLetter,
} from './schemas.ts';

export default async function policeRoutes(fastify: FastifyInstance, opts: { config: DvConfig }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const police = [app.authenticate, requireRole('police_officer')];

  app.post(
    '/referrals/:referralId/callouts',
    {
      onRequest: police,
      schema: {
        tags: ['police'],
        summary: 'Record a call-out (ADVL Art. 15): time, outcome, evidence collected, medical help arranged',
        params: Type.Object({ referralId: Id }),
        body: Body({
          occurredAt: IsoTime,
          outcome: Lit(CALLOUT_OUTCOMES),
          evidenceCollected: Type.Boolean(),
          medicalHelpArranged: Type.Boolean(),
          notes: Type.Optional(Text(4000)),
        }),
        response: { 201: Callout, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await recordCallout(app, req.user, req.params.referralId, req.body)),
  );

  app.post(
    '/referrals/:referralId/warning-letters',
    {
      onRequest: police,
      schema: {
        tags: ['police'],
        summary: 'Issue a warning letter (告诫书, ADVL Art. 16); follow-up visits (查访) are scheduled',
        params: Type.Object({ referralId: Id }),
        body: Body({ abuser: Text(200), facts: Text(4000), prohibition: Text(2000) }),
        response: { 201: WarningLetter, ...problemResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issueWarningLetter(app, opts.config, req.user, req.params.referralId, req.body)),
  );

  app.post(
    '/warning-letters/:letterId/deliveries',
    {
      onRequest: police,
      schema: {
        tags: ['police'],
        summary:
          "Record delivery to the abuser or the victim, or the residents'/village committee notified (ADVL Art. 17)",
        params: Type.Object({ letterId: Id }),
        body: Body({
          recipient: Lit(WARNING_RECIPIENTS),
          /** The committee notified (recipient committee only; default: the case's street). */
          committeeStreet: Type.Optional(Lit(Object.keys(STREETS))),
          version: Version,
        }),
        response: { 200: WarningLetter, ...problemResponses },
      },
    },
    async (req) => deliverWarningLetter(app, opts.config, req.user, req.params.letterId, req.body),
  );

  // ADVL Art. 17: the committee notified of a warning letter visits (查访); its members sign in as `reporter`.
  app.get(
    '/committee-visits',
    {
      onRequest: [app.authenticate, requireRole('reporter')],
      schema: {
        tags: ['police'],
        summary: "The visits (查访, ADVL Art. 17) the caller's residents'/village committee is to make",
        response: { 200: Type.Object({ items: Type.Array(CommitteeVisit) }), ...problemResponses },
      },
    },
    async (req) => ({ items: await committeeVisits(app, req.user) }),
  );

  app.post(
    '/committee-visits/:visitId/record',
    {
      onRequest: [app.authenticate, requireRole('reporter')],
      schema: {
        tags: ['police'],
        summary: "Record the residents'/village committee's visit after a warning letter (查访, ADVL Art. 17)",
        params: Type.Object({ visitId: Id }),
        body: Body({ outcome: Lit(POLICE_VISIT_OUTCOMES), version: Version }),
        response: { 200: CommitteeVisit, ...problemResponses },
      },
    },
    async (req) => recordCommitteeVisit(app, req.user, req.params.visitId, req.body.outcome, req.body.version),
  );

  app.post(
    '/police-visits/:visitId/record',
    {
      onRequest: police,
      schema: {
        tags: ['police'],
        summary: 'Record a follow-up visit (查访)',
        params: Type.Object({ visitId: Id }),
        body: Body({ outcome: Lit(POLICE_VISIT_OUTCOMES), version: Version }),
        response: { 200: Visit, ...problemResponses },
      },
    },
    async (req) => recordPoliceVisit(app, req.user, req.params.visitId, req.body.outcome, req.body.version),
  );

  app.post(
    '/referrals/:referralId/sessions',
    {
      onRequest: [app.authenticate, requireRole('health_worker', 'wf_caseworker')],
      schema: {
        tags: ['counselling'],
        summary: 'Record a counselling session on an accepted counselling referral',
        params: Type.Object({ referralId: Id }),
        body: Body({
          heldAt: IsoTime,
          durationMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
          notes: Type.Optional(Text(4000)),
        }),
        response: { 201: Session, ...problemResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await recordSession(app, req.user, req.params.referralId, req.body)),
  );
}
