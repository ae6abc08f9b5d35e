import type { FastifyInstance } from 'fastify';
import type { Handlers } from '@linkage/messaging';
import { topicOf, type EventType, type LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { react } from './application/reactions.ts';
import { handoffTypes, type HandoffContext } from './domain/dossier/handoffs.ts';
import { projectedTypes } from './domain/summary/projections.ts';

/** What intake reacts to: every type in STATUS_PROJECTIONS and HANDOFF_PROJECTIONS, on whichever topics they live. */
export function registerConsumers(app: FastifyInstance): void {
  const c: HandoffContext = { legalAidCentreDept: app.intakeSettings.legalAidCentreDept };
  const types: EventType[] = [...new Set([...projectedTypes(), ...handoffTypes()])];
  const handle = (event: LinkageEvent, tx: Executor) => react(app, event, tx, c);
  const handlers: Handlers = {};
  for (const t of types) handlers[t] = handle;
  app.messaging.consume({ groupId: 'intake-status', topics: [...new Set(types.map((t) => topicOf(t)))], handlers });
}
