import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import { projectBatch } from './application/project.ts';

/** The timeline reads every department's topic, and its own oversight events (so a rebuild restores them too). */
export const PROJECTED_TOPICS = [TOPICS.intake, TOPICS.dv, TOPICS.legalAid, TOPICS.elderCare, TOPICS.oversight];

export const CONSUMER_GROUP = 'case-timeline';

/** `replayGroup`: consume under another Kafka group (a rebuild), deduping under the service's inbox name. */
export function registerConsumers(app: FastifyInstance, replayGroup?: string): void {
  app.messaging.consume({
    groupId: replayGroup ?? CONSUMER_GROUP,
    inboxName: CONSUMER_GROUP,
    topics: PROJECTED_TOPICS,
    handlers: {},
    onBatch: projectBatch,
  });
}
