import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import { project } from './domain/timeline/project.ts';

/** The timeline reads every department's topic, and its own oversight events (so a rebuild restores them too). */
export const PROJECTED_TOPICS = [TOPICS.intake, TOPICS.dv, TOPICS.legalAid, TOPICS.elderCare, TOPICS.oversight];

export const CONSUMER_GROUP = 'case-timeline';

export function registerConsumers(app: FastifyInstance): void {
  app.messaging.consume({ groupId: CONSUMER_GROUP, topics: PROJECTED_TOPICS, handlers: {}, onAny: project });
}
