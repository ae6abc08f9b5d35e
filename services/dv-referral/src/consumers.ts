import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import type { DvConfig } from './config.ts';
import { onSafeguardingRaised } from './application/referrals.ts';
import { applyIntakeBatch } from './application/intake.ts';

/**
 * What dv-referral reacts to. intake's case announcements and referral requests are applied a partition batch at a
 * time, set-based and in offset order (`applyIntakeBatch`): not as typed handlers, which the consumer runs before the
 * batch handler (a case.updated after a request of its case would land before it).
 */
export function registerConsumers(app: FastifyInstance, config: DvConfig): void {
  app.messaging.consume({
    groupId: 'dv-referral',
    topics: [TOPICS.intake, TOPICS.elderCare],
    handlers: {
      'elder_care.safeguarding.raised.v1': (event, tx) => onSafeguardingRaised(app, config, event, tx),
    },
    onBatch: applyIntakeBatch(app, config),
  });
}
