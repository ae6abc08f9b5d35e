import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import type { ReferralRequestedV1 } from '@linkage/contracts';
import { audit, loadCalendar, uuidv7 } from '@linkage/service-kit';
import { insertClientIfNew } from '../db/queries.ts';
import type { ElderCarePolicy } from '../config.ts';
import { decideReferral } from '../domain/client/decide.ts';
import { isElderCareRequest } from '../domain/client/referral.ts';
import { emit, SYSTEM } from './context.ts';

/** Consumer effect: an intake request to elder care becomes a client (once per request id), announced by an event. */
export async function onReferralRequested(
  app: FastifyInstance,
  policy: ElderCarePolicy,
  e: ReferralRequestedV1,
  tx: Executor,
): Promise<void> {
  if (!isElderCareRequest(e.data)) return;
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const events = decideReferral(
    {
      clientId: id,
      caseId: e.data.caseId,
      requestId: e.data.requestId,
      channel: 'intake',
      street: e.data.street,
      hardship: false,
    },
    now,
    policy.assessWithinDays,
    await loadCalendar(tx),
  );
  const due = new Date(events[0].data.assessBy);
  const created = await insertClientIfNew(tx, {
    id,
    caseId: e.data.caseId,
    requestId: e.data.requestId,
    channel: 'intake',
    street: e.data.street,
    riskLevel: e.data.riskLevel,
    hardship: [],
    assessBy: due,
    referredAt: now,
    updatedAt: now,
  });
  if (!created) return; // a replay of the same request: nothing twice
  await audit(tx, SYSTEM, {
    action: 'client.referred',
    entityType: 'client',
    entityId: id,
    caseId: e.data.caseId,
    details: { channel: 'intake', requestId: e.data.requestId },
  });
  await emit({ app, who: SYSTEM, correlationId: e.correlationid }, tx, e.data.caseId, events, e.id);
}
