import type { FastifyInstance } from 'fastify';
import type { Principal } from '@linkage/auth';
import type { Executor } from '@linkage/db';
import { checkVersion, found, orThrow, uuidv7, type DomainError } from '@linkage/domain';
import { emitEvents } from '@linkage/messaging';
import { audit, loadCalendar } from '@linkage/service-kit';
import {
  lockCommitteeVisit,
  recordCommitteeVisit as recordVisitRow,
  scheduledCommitteeVisits,
} from '../db/queries/police.ts';
import { findReferral } from '../db/queries/referrals.ts';
import type { CommitteeVisitRow } from '../db/schema.ts';
import type { DvConfig } from '../config.ts';
import { HELD_POLICY, refusal } from '../domain/access.ts';
import {
  committeeStreet,
  decideRecordCommitteeVisit,
  planCommitteeVisits,
  type CommitteePlan,
  type CommitteeVisitOutcome,
} from '../domain/police/committee.ts';
import { eventContext, refuse } from './context.ts';

// ADVL Art. 17: the residents'/village committee notified of a warning letter visits the abuser and the victim.

export const committeeVisitView = (v: CommitteeVisitRow) => ({
  id: v.id,
  warningLetterId: v.warningLetterId,
  caseId: v.caseId,
  dept: v.dept,
  offsetDays: v.offsetDays,
  dueAt: v.dueAt.toISOString(),
  status: v.status,
  outcome: v.outcome,
  visitedAt: v.visitedAt?.toISOString() ?? null,
  version: v.version,
});

/** The committee a warning letter is notified to, and the visits it is to make (or why it cannot be named). */
export async function committeeOf(
  tx: Executor,
  config: DvConfig,
  referralId: string,
  named: string | undefined,
  stationDept: string,
  now: Date,
): Promise<CommitteePlan | DomainError> {
  const street = committeeStreet(named, (await findReferral(tx, referralId))?.street, stationDept);
  if (typeof street !== 'string') return street;
  return planCommitteeVisits(
    street,
    () => uuidv7(now.getTime()),
    now,
    config.committeeVisitDays,
    await loadCalendar(tx),
  );
}

/** The visits the caller's committee is to make, soonest first (ids and dates: no personal data). */
export async function committeeVisits(app: FastifyInstance, who: Principal) {
  return (await scheduledCommitteeVisits(app.store.db, who.dept)).map(committeeVisitView);
}

/** Art. 17: the committee records its visit — whether the abuser has stopped. */
export async function recordCommitteeVisit(
  app: FastifyInstance,
  who: Principal,
  visitId: string,
  outcome: CommitteeVisitOutcome,
  version: number,
) {
  const now = app.clock();
  return app.store.db.transaction(async (tx) => {
    const v = found(await lockCommitteeVisit(tx, visitId), 'The visit');
    // who may not act on it learns nothing about its version
    refuse(refusal(HELD_POLICY, who, 'committee', v, 'other_department', 'This visit is due from another committee.'));
    checkVersion(v, version);
    const events = orThrow(decideRecordCommitteeVisit(v, who, outcome, now));
    const u = await recordVisitRow(tx, visitId, outcome, now);
    await audit(tx, who, {
      action: 'committee_visit.recorded',
      entityType: 'committee_visit',
      entityId: visitId,
      caseId: v.caseId,
      details: { outcome },
    });
    await emitEvents(tx, events, eventContext(app, who, v.caseId, now));
    return committeeVisitView(u);
  });
}
