import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import type { DvConfig } from './config.ts';
import { onReferralRequested, onSafeguardingRaised } from './application/referrals.ts';
import { onCaseOpened, onCaseUpdated } from './application/cases.ts';

/** What dv-referral reacts to. */
export function registerConsumers(app: FastifyInstance, config: DvConfig): void {
  app.messaging.consume({
    groupId: 'dv-referral',
    topics: [TOPICS.intake, TOPICS.elderCare],
    handlers: {
      'intake.case.opened.v1': (event, tx) => onCaseOpened(app, event, tx),
      'intake.case.updated.v1': (event, tx) => onCaseUpdated(app, event, tx),
      'intake.referral.requested.v1': (event, tx) => onReferralRequested(app, config, event, tx),
      'elder_care.safeguarding.raised.v1': (event, tx) => onSafeguardingRaised(app, config, event, tx),
    },
  });
}
