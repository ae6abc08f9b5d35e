import type { FOLLOWUP_OUTCOMES } from '@linkage/contracts';
import { ConflictError, ForbiddenError, type Calendar } from '@linkage/service-kit';
import { isCaseOwner } from '../access.ts';
import { visitsDue } from '../clocks.ts';
import type { Actor, Emit } from '../emit.ts';

export type FollowupOutcome = (typeof FOLLOWUP_OUTCOMES)[number];

export interface CaseState {
  caseId: string;
  ownerDept: string;
  status: 'open' | 'closed';
  closures: number;
}

/** Close the DV part of a case: only with no referral still open; schedules the follow-up visits (plan 二(七)4). */
export function decideCloseCase(
  c: CaseState,
  actor: Actor,
  openReferrals: number,
  ids: () => string,
  now: Date,
  offsets: readonly number[],
  cal: Calendar,
) {
  if (!isCaseOwner(actor, c))
    throw new ForbiddenError('not_case_owner', "Only the owning department's caseworkers close the case.");
  if (c.status !== 'open') throw new ConflictError('already_closed', 'The DV part of this case is already closed.');
  if (openReferrals > 0)
    throw new ConflictError(
      'open_referrals',
      `${openReferrals} referral(s) are still open: complete, withdraw or re-route them first.`,
    );
  const round = c.closures + 1;
  const followups = visitsDue(now, offsets, cal).map((v) => ({ id: ids(), ...v }));
  const events: Emit[] = [
    { type: 'dv.case.closed.v1', data: { caseId: c.caseId, closedAt: now.toISOString() } },
    ...followups.map((f): Emit => ({
      type: 'dv.followup.due.v1',
      data: { followupId: f.id, caseId: c.caseId, offsetDays: f.offsetDays, dueAt: f.dueAt.toISOString() },
    })),
  ];
  return { round, followups, events };
}

/** Record a follow-up visit; a new incident reopens the case for re-screening. */
export function decideRecordFollowup(
  f: { id: string; caseId: string; status: string },
  c: CaseState,
  actor: Actor,
  outcome: FollowupOutcome,
  now: Date,
): { reopen: boolean; events: Emit[] } {
  if (!isCaseOwner(actor, c))
    throw new ForbiddenError('not_case_owner', "Only the owning department's caseworkers record follow-ups.");
  if (f.status !== 'due') throw new ConflictError('already_recorded', `This follow-up is ${f.status}.`);
  const events: Emit[] = [
    {
      type: 'dv.followup.recorded.v1',
      data: { followupId: f.id, caseId: f.caseId, outcome, visitedAt: now.toISOString() },
    },
  ];
  const reopen = outcome === 'new_incident' && c.status === 'closed';
  if (reopen)
    events.push({
      type: 'dv.case.reopened.v1',
      data: { caseId: c.caseId, reason: 'new_incident', rescreenRequired: true, reopenedAt: now.toISOString() },
    });
  return { reopen, events };
}
