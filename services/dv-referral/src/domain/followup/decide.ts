import type { FOLLOWUP_OUTCOMES } from '@linkage/contracts';
import { ConflictError, ForbiddenError, type Calendar, type Decision, type Emit } from '@linkage/domain';
import { isCaseOwner, type Actor } from '../access.ts';
import { visitsDue } from '../clocks.ts';

export type FollowupOutcome = (typeof FOLLOWUP_OUTCOMES)[number];

export interface CaseState {
  caseId: string;
  ownerDept: string;
  street?: string | null;
  status: 'open' | 'closed';
  closures: number;
}

/** The follow-up visits a closure schedules (plan 二(七)4): one per configured day offset, with its id. */
export interface FollowupPlan {
  /** The closure's round: the case's first closure is round 1, a closure after a reopening round 2, … */
  round: number;
  followups: { id: string; offsetDays: number; dueAt: Date }[];
}

export const planFollowups = (
  c: CaseState,
  ids: () => string,
  now: Date,
  offsets: readonly number[],
  cal: Calendar,
): FollowupPlan => ({
  round: c.closures + 1,
  followups: visitsDue(now, offsets, cal).map((v) => ({ id: ids(), ...v })),
});

/** Close the DV part of a case: only with no referral still open; schedules the follow-up visits. */
export function decideCloseCase(
  c: CaseState,
  actor: Actor,
  openReferrals: number,
  plan: FollowupPlan,
  now: Date,
): Decision {
  if (!isCaseOwner(actor, c))
    return new ForbiddenError('not_case_owner', "Only the owning department's caseworkers close the case.");
  if (c.status !== 'open') return new ConflictError('already_closed', 'The DV part of this case is already closed.');
  if (openReferrals > 0)
    return new ConflictError(
      'open_referrals',
      `${openReferrals} referral(s) are still open: complete, withdraw or re-route them first.`,
    );
  return [
    { type: 'dv.case.closed.v1', data: { caseId: c.caseId, closedAt: now.toISOString() } },
    ...plan.followups.map((f): Emit => ({
      type: 'dv.followup.due.v1',
      data: { followupId: f.id, caseId: c.caseId, offsetDays: f.offsetDays, dueAt: f.dueAt.toISOString() },
    })),
  ];
}

/** Record a follow-up visit; a new incident reopens the case for re-screening (`dv.case.reopened.v1`). */
export function decideRecordFollowup(
  f: { id: string; caseId: string; status: string },
  c: CaseState,
  actor: Actor,
  outcome: FollowupOutcome,
  now: Date,
): Decision {
  if (!isCaseOwner(actor, c))
    return new ForbiddenError('not_case_owner', "Only the owning department's caseworkers record follow-ups.");
  if (f.status !== 'due') return new ConflictError('already_recorded', `This follow-up is ${f.status}.`);
  const events: Emit[] = [
    {
      type: 'dv.followup.recorded.v1',
      data: { followupId: f.id, caseId: f.caseId, outcome, visitedAt: now.toISOString() },
    },
  ];
  if (outcome === 'new_incident' && c.status === 'closed')
    events.push({
      type: 'dv.case.reopened.v1',
      data: { caseId: c.caseId, reason: 'new_incident', rescreenRequired: true, reopenedAt: now.toISOString() },
    });
  return events;
}

/** Whether a decision reopens the case. */
export const reopens = (events: readonly Emit[]): boolean => events.some((e) => e.type === 'dv.case.reopened.v1');
