import type { FastifyInstance } from 'fastify';
import type { LinkageEvent } from '@linkage/contracts';
import type { Executor } from '@linkage/db';
import { beijingYear, orThrow, systemActor } from '@linkage/domain';
import { audit } from '@linkage/service-kit';
import * as q from '../db/queries.ts';
import { decide } from '../domain/case/decide.ts';
import { directOpeningOf, openCommandOf, type DirectOpening } from '../domain/case/direct.ts';
import { evolve } from '../domain/case/evolve.ts';
import { projectHandoff, type HandoffContext } from '../domain/dossier/handoffs.ts';
import { projectStatus } from '../domain/summary/projections.ts';
import { columnsOf } from './case-rows.ts';
import { emitDecided } from './emit.ts';

/** What intake does with another service's event, in the consumer's transaction (the inbox makes it once). */
export async function react(app: FastifyInstance, event: LinkageEvent, tx: Executor, c: HandoffContext) {
  // one case, one id: a direct elder-care referral or legal aid application gets its intake case first
  const direct = directOpeningOf(event);
  if (direct) await openCaseOfDirectHandoff(app, event, direct, tx);
  // the case's status summary and its hand-offs (the dossier's access rule), read-only projections
  const entry = projectStatus(event);
  if (entry) await q.upsertStatus(tx, entry, event.type);
  const handoff = projectHandoff(event, c);
  if (handoff) await q.upsertHandoff(tx, handoff, event.type);
}

/**
 * One case, one id: a person who went directly to elder care or legal aid (not through the hotline) still gets a
 * case that intake knows, with its case number, so the timeline, the indicators and the dossier work the same for
 * her. The department mints the case id and announces the hand-off (de-identified); intake opens the case record
 * under that id, owned by that department, and announces it like any other (intake.case.opened.v1). Personal data
 * stays with the department; intake holds none for this case. Once per case: a redelivery finds the case.
 */
export async function openCaseOfDirectHandoff(
  app: FastifyInstance,
  e: LinkageEvent,
  d: DirectOpening,
  tx: Executor,
): Promise<void> {
  const caseId = d.caseId;
  if (await q.findCase(tx, caseId)) return; // referred with an existing case (or delivered again): nothing to open
  const cmd = openCommandOf(d, await q.nextCaseNumber(tx, beijingYear(d.openedAt)));
  const emits = orThrow(decide(undefined, cmd, d.openedAt));
  await q.insertCase(tx, {
    id: caseId,
    caseNumber: cmd.caseNumber,
    ...columnsOf(evolve(undefined, cmd, emits)),
    ownerDept: d.ownerDept,
    openedAt: d.openedAt,
  });
  const system = systemActor('intake');
  await audit(tx, system, {
    action: d.department === 'elder_care' ? 'case.opened_for_direct_referral' : 'case.opened_for_direct_application',
    entityType: 'case',
    entityId: caseId,
    caseId,
    details: d.details,
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
