import type { FastifyInstance } from 'fastify';
import type { EventOf, LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { beijingYear, orThrow, systemActor } from '@linkage/domain';
import { audit } from '@linkage/service-kit';
import * as q from '../db/queries.ts';
import { decide, type OpenCase } from '../domain/case/decide.ts';
import { evolve } from '../domain/case/evolve.ts';
import { mergeConsent, noConsent } from '../domain/case/state.ts';
import { projectHandoff, type HandoffContext } from '../domain/dossier/handoffs.ts';
import { DASH_V1 } from '../domain/risk/checklist.ts';
import { projectStatus } from '../domain/summary/projections.ts';
import { flagsOf } from '../domain/victim/validate.ts';
import { columnsOf } from './case-rows.ts';
import { emitDecided } from './emit.ts';

/** What intake does with another service's event, in the consumer's transaction (the inbox makes it once). */
export async function react(app: FastifyInstance, event: LinkageEvent, tx: Executor, c: HandoffContext) {
  // one case, one id: a direct elder-care referral gets its intake case first
  if (event.type === 'elder_care.client.referred.v1') await openCaseOfDirectReferral(app, event, tx);
  // the case's status summary and its hand-offs (the dossier's access rule), read-only projections
  const entry = projectStatus(event);
  if (entry) await q.upsertStatus(tx, entry, event.type);
  const handoff = projectHandoff(event, c);
  if (handoff) await q.upsertHandoff(tx, handoff, event.type);
}

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
  // the referring department: the event's actor is "<role>@<dept>"
  const ownerDept = e.actor.slice(e.actor.indexOf('@') + 1);
  const cmd: OpenCase = {
    kind: 'open',
    caseId,
    caseNumber: await q.nextCaseNumber(tx, beijingYear(openedAt)),
    ownerDept,
    // she came to the department herself (a walk-in at elder care); no new channel in the contract
    channel: 'walk_in',
    category: 'other',
    needs: ['elder_care'],
    victim: { street: e.data.street, sex: 'unknown', ...flagsOf(undefined, { elderly: true }), ageBand: 'elderly' },
    // she is elder care's client by her own referral there
    consent: mergeConsent(noConsent(), { elder_care: true }),
    checklist: DASH_V1,
    repeat: false,
    // elder care has her already: no request goes there
    requested: ['elder_care'],
  };
  const emits = orThrow(decide(undefined, cmd, openedAt));
  await q.insertCase(tx, {
    id: caseId,
    caseNumber: cmd.caseNumber,
    ...columnsOf(evolve(undefined, cmd, emits)),
    ownerDept,
    openedAt,
  });
  const system = systemActor('intake');
  await audit(tx, system, {
    action: 'case.opened_for_direct_referral',
    entityType: 'case',
    entityId: caseId,
    caseId,
    details: { referredBy: ownerDept, clientId: e.data.clientId },
  });
  await emitDecided(tx, emits, {
    source: app.service.source,
    subject: caseId,
    actor: system,
    time: app.clock(),
    correlationid: e.correlationid,
    causationid: e.id,
  });
}
