import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import { checkVersion, ForbiddenError, found, orThrow, uuidv7 } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit, loadCalendar } from '@linkage/service-kit';
import { findCase, lockCase, updateCase } from '../db/queries/cases.ts';
import {
  cancelDueFollowups,
  followupsOfCase,
  insertFollowups,
  lockFollowup,
  updateFollowup,
} from '../db/queries/care.ts';
import { countOpenReferrals } from '../db/queries/referrals.ts';
import type { DvCaseRow, FollowupRow } from '../db/schema.ts';
import type { DvConfig } from '../config.ts';
import { isCaseOwner, isCoordinatorFor } from '../domain/access.ts';
import {
  decideCloseCase,
  decideRecordFollowup,
  planFollowups,
  reopens,
  type CaseState,
  type FollowupOutcome,
} from '../domain/followup/decide.ts';
import { eventContext } from './context.ts';

const fView = (f: FollowupRow) => ({
  id: f.id,
  caseId: f.caseId,
  round: f.round,
  offsetDays: f.offsetDays,
  dueAt: f.dueAt.toISOString(),
  status: f.status,
  outcome: f.outcome,
  visitedAt: f.visitedAt?.toISOString() ?? null,
  version: f.version,
});
const cState = (c: DvCaseRow): CaseState => ({
  caseId: c.caseId,
  ownerDept: c.ownerDept,
  street: c.street,
  status: c.status as CaseState['status'],
  closures: c.closures,
});

async function caseView(app: FastifyInstance, c: DvCaseRow) {
  return {
    caseId: c.caseId,
    ownerDept: c.ownerDept,
    status: c.status,
    riskLevel: c.riskLevel,
    closedAt: c.closedAt?.toISOString() ?? null,
    version: c.version,
    followups: (await followupsOfCase(app.store.db, c.caseId)).map(fView),
  };
}

export async function getCase(app: FastifyInstance, who: Principal, caseId: string) {
  const c = found(await findCase(app.store.db, caseId), 'The case');
  if (!isCoordinatorFor(who, c.street) && !isCaseOwner(who, c))
    throw new ForbiddenError('not_case_owner', "This case is owned by another department's caseworkers.");
  return caseView(app, c);
}

/** Close the DV part of a case; follow-up visits are scheduled (+7/+30/+90 days by default). */
export async function closeCase(
  app: FastifyInstance,
  config: DvConfig,
  who: Principal,
  caseId: string,
  version: number,
) {
  const now = app.clock();
  const c = await app.store.db.transaction(async (tx) => {
    const c = found(await lockCase(tx, caseId), 'The case');
    if (!isCaseOwner(who, c))
      throw new ForbiddenError('not_case_owner', "Only the owning department's caseworkers close the case.");
    checkVersion(c, version);
    const state = cState(c);
    const plan = planFollowups(state, () => uuidv7(now.getTime()), now, config.followupDays, await loadCalendar(tx));
    const events = orThrow(decideCloseCase(state, who, await countOpenReferrals(tx, caseId), plan, now));
    await updateCase(tx, caseId, { status: 'closed', closedAt: now, closures: plan.round });
    await insertFollowups(
      tx,
      plan.followups.map((f) => ({ id: f.id, caseId, round: plan.round, offsetDays: f.offsetDays, dueAt: f.dueAt })),
    );
    await audit(tx, who, {
      action: 'case.closed',
      entityType: 'dv_case',
      entityId: caseId,
      caseId,
      details: { followups: plan.followups.length, round: plan.round },
    });
    await emitEvents(tx, events, eventContext(app, who, caseId, now));
    return found(await lockCase(tx, caseId), 'The case');
  });
  return caseView(app, c);
}

/** Record a follow-up visit: reached / not reached / new incident (reopens the case for re-screening). */
export async function recordFollowup(
  app: FastifyInstance,
  who: Principal,
  followupId: string,
  outcome: FollowupOutcome,
  version: number,
  notes?: string,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const f = found(await lockFollowup(tx, followupId), 'The follow-up');
    const c = found(await lockCase(tx, f.caseId), 'The case');
    if (!isCaseOwner(who, c))
      throw new ForbiddenError('not_case_owner', "Only the owning department's caseworkers record follow-ups.");
    checkVersion(f, version);
    const events = orThrow(decideRecordFollowup(f, cState(c), who, outcome, now));
    const u = await updateFollowup(tx, followupId, {
      status: 'done',
      outcome,
      visitedAt: now,
      notesEnc: app.cipher.encryptOptional(notes, followupId),
    });
    const reopen = reopens(events);
    if (reopen) {
      await updateCase(tx, c.caseId, { status: 'open' });
      await cancelDueFollowups(tx, c.caseId);
    }
    await audit(tx, who, {
      action: 'followup.recorded',
      entityType: 'followup',
      entityId: followupId,
      caseId: f.caseId,
      details: { outcome, reopened: reopen },
    });
    await emitEvents(tx, events, eventContext(app, who, f.caseId, now));
    return fView(u);
  });
}
