import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import type { Executor } from '@linkage/db';
import { checkVersion, ForbiddenError, found, orThrow, uuidv7 } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit } from '@linkage/service-kit';
import { courtsOfCase, referralDeptsOfCase } from '../db/queries/cases.ts';
import { concludeProgrammeRow, insertProgramme, lockProgramme, programmesOfCase } from '../db/queries/perpetrators.ts';
import type { PerpetratorProgrammeRow } from '../db/schema.ts';
import { isCoordinatorFor, isInvolved } from '../domain/access.ts';
import {
  decideConcludeProgramme,
  decideReferPerpetrator,
  notInvolved,
  type CaseWork,
  type Programme,
  type ProgrammeOutcome,
} from '../domain/perpetrator/decide.ts';
import { requireKnownCase } from './cases.ts';
import { eventContext, refuse } from './context.ts';

// Plan 二(七)4: the abuser referred to legal education, counselling or behaviour correction, and its conclusion.

const view = (p: PerpetratorProgrammeRow) => ({
  id: p.id,
  caseId: p.caseId,
  programme: p.programme,
  referredByDept: p.referredByDept,
  referredAt: p.referredAt.toISOString(),
  status: p.status,
  outcome: p.outcome,
  concludedAt: p.concludedAt?.toISOString() ?? null,
  version: p.version,
});
const state = (p: PerpetratorProgrammeRow) => ({ ...p, programme: p.programme as Programme });

/** The case (404 if unknown) and who works it: what the access rule reads. */
async function caseWork(db: Executor, caseId: string): Promise<CaseWork> {
  const c = await requireKnownCase(db, caseId);
  const [received, courts] = await Promise.all([referralDeptsOfCase(db, caseId), courtsOfCase(db, caseId)]);
  return { c, received, courts };
}

export async function referPerpetrator(
  app: FastifyInstance,
  who: Principal,
  body: { caseId: string; programme: Programme },
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const w = await caseWork(tx, body.caseId);
    const id = uuidv7(now.getTime());
    const events = orThrow(decideReferPerpetrator(who, w, { programmeId: id, programme: body.programme }, now));
    const row = await insertProgramme(tx, {
      id,
      caseId: body.caseId,
      programme: body.programme,
      referredByDept: who.dept,
      referredAt: now,
    });
    await audit(tx, who, {
      action: 'perpetrator_programme.referred',
      entityType: 'perpetrator_programme',
      entityId: id,
      caseId: body.caseId,
      details: { programme: body.programme },
    });
    await emitEvents(tx, events, eventContext(app, who, body.caseId, now));
    return view(row);
  });
}

export async function concludeProgramme(
  app: FastifyInstance,
  who: Principal,
  id: string,
  body: { outcome: ProgrammeOutcome; version: number },
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const p = found(await lockProgramme(tx, id), 'The programme');
    const w = await caseWork(tx, p.caseId);
    // who may not act on it learns nothing about its version
    refuse(notInvolved(who, w));
    checkVersion(p, body.version);
    const events = orThrow(decideConcludeProgramme(state(p), who, w, body.outcome, now));
    const u = await concludeProgrammeRow(tx, id, body.outcome, now);
    await audit(tx, who, {
      action: 'perpetrator_programme.concluded',
      entityType: 'perpetrator_programme',
      entityId: id,
      caseId: p.caseId,
      details: { outcome: body.outcome },
    });
    await emitEvents(tx, events, eventContext(app, who, p.caseId, now));
    return view(u);
  });
}

/** A case's programmes: for the departments working it, and coordinators whose streets cover it. */
export async function programmesOf(app: FastifyInstance, who: Principal, caseId: string) {
  const w = await caseWork(app.store.db, caseId);
  if (!isCoordinatorFor(who, w.c.street) && !isInvolved(who, w.c, w.received, w.courts))
    throw new ForbiddenError('not_involved', "Only the departments working this case see the abuser's programmes.");
  return (await programmesOfCase(app.store.db, caseId)).map(view);
}
