import type { FastifyInstance } from 'fastify';
import { TOPICS } from '@linkage/contracts';
import { project } from './domain/timeline/project.ts';

/** The timeline reads every department's topic (except its own). */
export const PROJECTED_TOPICS = [TOPICS.intake, TOPICS.dv, TOPICS.legalAid, TOPICS.elderCare];

export function registerConsumers(app: FastifyInstance): void {
  app.messaging.consume({ groupId: 'case-timeline', topics: PROJECTED_TOPICS, handlers: {}, onAny: project });
}
