import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import type { DvConfig } from './config.ts';
import { onReferralRequested } from './domain/referral/service.ts';

/** What dv-referral reacts to. */
export function registerConsumers(app: FastifyInstance, config: DvConfig): void {
  const policy = { defaultHours: config.ACCEPT_HOURS_DEFAULT, highRiskHours: config.ACCEPT_HOURS_HIGH_RISK };
  app.messaging.consume({
    groupId: 'dv-referral',
    topics: [TOPICS.intake],
    handlers: {
      'intake.referral.requested.v1': (event, tx) => onReferralRequested(app, policy, event, tx),
    },
  });
}
