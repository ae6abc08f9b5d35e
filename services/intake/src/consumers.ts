import type { FastifyInstance } from 'fastify';
import type { Handlers } from '@linkage/messaging';
import type { LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { projectedTopics, projectedTypes, projectStatus } from './domain/summary/projections.ts';
import { upsertStatus } from './db/queries.ts';

/** Keep each case's status summary from the other services' events (read-only projection). */
export async function applyStatusEvent(event: LinkageEvent, tx: Executor): Promise<void> {
  const entry = projectStatus(event);
  if (entry) await upsertStatus(tx, entry, event.type);
}

/** What intake reacts to: every type in STATUS_PROJECTIONS, on whichever topics they live. */
export function registerConsumers(app: FastifyInstance): void {
  const handlers = Object.fromEntries(projectedTypes().map((t) => [t, applyStatusEvent])) as Handlers;
  app.messaging.consume({ groupId: 'intake-status', topics: projectedTopics(), handlers });
}
