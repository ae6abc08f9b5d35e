import type { FastifyInstance } from 'fastify';
import type { Executor } from '@linkage/db';
import type { EventOf, ReferralRequestedV1 } from '@linkage/contracts';
import { emitEvents } from '@linkage/messaging';
import { audit, loadCalendar, systemActor, uuidv7 } from '@linkage/service-kit';
import { insertApplicationIfNew, upsertCaseOwner } from '../db/queries.ts';
import { applicationFromReferral, receive } from '../domain/application/receive.ts';
import { SERVICE } from '../config.ts';
import { rowOf } from './submit.ts';

// Consumer effects of intake's events.

const SYSTEM = systemActor(SERVICE);
const parseDept = (actor: string) => actor.slice(actor.indexOf('@') + 1);

/** An intake referral request to legal aid becomes an application (once per request). */
export async function onReferralRequested(
  app: FastifyInstance,
  centreDept: string,
  event: ReferralRequestedV1,
  tx: Executor,
): Promise<void> {
  const now = app.clock();
  const id = uuidv7(now.getTime());
  const input = applicationFromReferral(event.data, id);
  if (!input) return;
  const r = receive(input, now, await loadCalendar(tx));
  const created = await insertApplicationIfNew(tx, {
    ...rowOf(input, r),
    centreDept,
    submittedByDept: parseDept(event.actor),
    // The applicant's sex as the case recorded it — never assumed (indicator 11 counts women only).
    applicantGender: event.data.victimSex ?? 'unknown',
    createdAt: now,
    updatedAt: now,
  });
  if (!created) return; // a replayed or re-sent request: nothing twice
  await audit(tx, SYSTEM, {
    action: 'application.received',
    entityType: 'application',
    entityId: id,
    caseId: input.caseId,
    details: { channel: input.channel, requestId: input.requestId },
  });
  await emitEvents(tx, [r.event], {
    source: app.service.source,
    subject: event.data.caseId,
    actor: SYSTEM,
    correlationid: event.correlationid,
    causationid: event.id,
    time: now,
  });
}

/** Intake opened or updated a case: remember its owning unit and street (no personal data). */
export async function onCaseAnnounced(
  e: EventOf<'intake.case.opened.v1'> | EventOf<'intake.case.updated.v1'>,
  tx: Executor,
): Promise<void> {
  if (e.type === 'intake.case.opened.v1') {
    const actorDept = parseDept(e.actor);
    const ownerDept = e.data.ownerDept ?? (e.actor.startsWith('system@') ? null : actorDept);
    await upsertCaseOwner(tx, {
      caseId: e.data.caseId,
      ownerDept,
      street: e.data.street,
      updatedAt: new Date(e.data.openedAt),
    });
  } else {
    await upsertCaseOwner(tx, { caseId: e.data.caseId, street: e.data.street, updatedAt: new Date(e.data.updatedAt) });
  }
}
