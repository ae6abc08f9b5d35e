import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import type { ElderCarePolicy } from './config.ts';
import { onReferralRequested } from './application/intake.ts';

/** What elder-care reacts to: intake's referral requests addressed to elder care. */
export function registerConsumers(app: FastifyInstance, policy: ElderCarePolicy): void {
  app.messaging.consume({
    groupId: 'elder-care',
    topics: [TOPICS.intake],
    handlers: {
      'intake.referral.requested.v1': (event, tx) => onReferralRequested(app, policy, event, tx),
    },
  });
}
