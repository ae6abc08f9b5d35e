import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import type { LegalAidConfig } from './config.ts';
import { onCaseAnnounced, onReferralRequested } from './application/intake.ts';

/** What legal-aid reacts to: intake's referral requests with target `legal_aid`. */
export function registerConsumers(app: FastifyInstance, config: LegalAidConfig): void {
  app.messaging.consume({
    groupId: 'legal-aid',
    topics: [TOPICS.intake],
    handlers: {
      'intake.case.opened.v1': (event, tx) => onCaseAnnounced(event, tx),
      'intake.case.updated.v1': (event, tx) => onCaseAnnounced(event, tx),
      'intake.referral.requested.v1': (event, tx) => onReferralRequested(app, config.LEGAL_AID_CENTRE_DEPT, event, tx),
    },
  });
}
