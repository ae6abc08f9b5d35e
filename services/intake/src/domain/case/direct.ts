import type { FastifyInstance } from 'fastify';
import type { EventOf } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { enqueue, newEvent } from '@linkage/messaging';
import { audit, beijingYear } from '@linkage/service-kit';
import * as q from '../../db/queries.ts';
import { mergeConsent, noConsent } from './open.ts';

/**
 * One case, one id: a person referred directly to elder care (not through the hotline) still gets a case
 * that intake knows, with its case number, so the timeline, the indicators and the dossier work the same
 * for her. Elder care mints the case id and announces the referral (de-identified); intake opens the case
 * record under that id, owned by the referring department, and announces it like any other
 * (intake.case.opened.v1). Personal data stays with elder care; intake holds none for this case.
 */
export async function openCaseOfDirectReferral(
  app: FastifyInstance,
  e: EventOf<'elder_care.client.referred.v1'>,
  tx: Executor,
): Promise<void> {
  if (e.data.channel !== 'direct') return;
  const caseId = e.data.caseId;
  if (await q.findCase(tx, caseId)) return; // referred with an existing case (or delivered again): nothing to open
  const openedAt = new Date(e.data.referredAt);
  const caseNumber = await q.nextCaseNumber(tx, beijingYear(openedAt));
  // the referring department: the event's actor is "<role>@<dept>"
  const ownerDept = e.actor.slice(e.actor.indexOf('@') + 1);
  const flags = { minor: false, elderly: true, disabled: false, pregnantOrBreastfeeding: false, seriouslyIll: false };
  await q.insertCase(tx, {
    id: caseId,
    caseNumber,
    // she came to the department herself (a walk-in at elder care); no new channel in the contract
    channel: 'walk_in',
    category: 'other',
    street: e.data.street,
    riskLevel: 'standard',
    repeat: false,
    flags,
    ageBand: 'elderly',
    needs: ['elder_care'],
    // she is elder care's client by her own referral there
    consent: mergeConsent(noConsent(), { elder_care: true }),
    overrides: [],
    requested: ['elder_care'],
    ownerDept,
    openedAt,
  });
  const system = { sub: `svc:${app.service.name}`, role: 'system', dept: `svc:${app.service.name}` };
  await audit(tx, system, {
    action: 'case.opened_for_direct_referral',
    entityType: 'case',
    entityId: caseId,
    caseId,
    details: { referredBy: ownerDept, clientId: e.data.clientId },
  });
  await enqueue(tx, [
    newEvent('intake.case.opened.v1', {
      source: app.service.source,
      subject: caseId,
      actor: { role: 'system', dept: `svc:${app.service.name}` },
      correlationid: e.correlationid,
      causationid: e.id,
      time: app.clock(),
      data: {
        caseId,
        caseNumber,
        channel: 'walk_in',
        category: 'other',
        street: e.data.street,
        riskLevel: 'standard',
        repeat: false,
        flags,
        needs: ['elder_care'],
        ownerDept,
        openedAt: openedAt.toISOString(),
      },
    }),
  ]);
}
