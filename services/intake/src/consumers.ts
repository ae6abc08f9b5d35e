import type { FastifyInstance } from 'fastify';
import type { Handlers } from '@linkage/messaging';
import { topicOf, type EventType, type LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { projectedTypes, projectStatus } from './domain/summary/projections.ts';
import { handoffTypes, projectHandoff, type HandoffContext } from './domain/dossier/handoffs.ts';
import { upsertHandoff, upsertStatus } from './db/queries.ts';
import { openCaseOfDirectReferral } from './domain/case/direct.ts';

/** Keep each case's status summary from the other services' events (read-only projection). */
export async function applyStatusEvent(event: LinkageEvent, tx: Executor): Promise<void> {
  const entry = projectStatus(event);
  if (entry) await upsertStatus(tx, entry, event.type);
}

/** Keep each case's hand-offs (who holds a referral or application, open or not): the dossier's access rule. */
export async function applyHandoffEvent(event: LinkageEvent, tx: Executor, c: HandoffContext): Promise<void> {
  const h = projectHandoff(event, c);
  if (h) await upsertHandoff(tx, h, event.type);
}

/** What intake reacts to: every type in STATUS_PROJECTIONS and HANDOFF_PROJECTIONS, on whichever topics they live. */
export function registerConsumers(app: FastifyInstance): void {
  const c: HandoffContext = { legalAidCentreDept: app.intakeSettings.legalAidCentreDept };
  const types: EventType[] = [...new Set([...projectedTypes(), ...handoffTypes()])];
  const handlers = Object.fromEntries(
    types.map((t) => [
      t,
      async (event: LinkageEvent, tx: Executor) => {
        // one case, one id: a direct elder-care referral gets its intake case first
        if (event.type === 'elder_care.client.referred.v1') await openCaseOfDirectReferral(app, event, tx);
        await applyStatusEvent(event, tx);
        await applyHandoffEvent(event, tx, c);
      },
    ]),
  ) as Handlers;
  app.messaging.consume({ groupId: 'intake-status', topics: [...new Set(types.map((t) => topicOf(t)))], handlers });
}
