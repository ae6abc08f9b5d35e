import type { CALLOUT_OUTCOMES, POLICE_VISIT_OUTCOMES, WARNING_RECIPIENTS } from '@linkage/contracts';
import {
  addHours,
  ConflictError,
  DomainError,
  ForbiddenError,
  ValidationError,
  type Calendar,
  type Decision,
  type Emit,
} from '@linkage/domain';
import { HELD_POLICY, isReceiver, refusal, type Actor } from '../access.ts';
import { visitsDue } from '../clocks.ts';
import type { CommitteePlan } from './committee.ts';
import type { ReferralState } from '../referral/decide.ts';

export type CalloutOutcome = (typeof CALLOUT_OUTCOMES)[number];
export type WarningRecipient = (typeof WARNING_RECIPIENTS)[number];
export type PoliceVisitOutcome = (typeof POLICE_VISIT_OUTCOMES)[number];

/** Police work happens on a police referral the caller's station has accepted. */
function notWorkingPoliceReferral(r: ReferralState, actor: Actor): DomainError | undefined {
  if (r.department !== 'police') return new ConflictError('not_a_police_referral', 'This is not a police referral.');
  if (!isReceiver(actor, r))
    return new ForbiddenError('other_department', 'This referral was sent to another department.');
  if (r.status !== 'accepted' && r.status !== 'in_progress')
    return new ConflictError('referral_not_accepted', `The referral is ${r.status}; accept it first.`);
  return undefined;
}

/** ADVL Art. 15: a call-out — time, outcome, evidence collected, medical help arranged. */
export function decideRecordCallout(
  r: ReferralState,
  actor: Actor,
  input: {
    calloutId: string;
    occurredAt: Date;
    outcome: CalloutOutcome;
    evidenceCollected: boolean;
    medicalHelpArranged: boolean;
  },
  now: Date,
): Decision {
  const refused = notWorkingPoliceReferral(r, actor);
  if (refused) return refused;
  if (input.occurredAt.getTime() > now.getTime())
    return new ValidationError('occurred_in_future', 'A call-out cannot be recorded before it happened.', [
      { path: '/occurredAt', message: 'is in the future' },
    ]);
  return [
    {
      type: 'dv.callout.recorded.v1',
      data: {
        calloutId: input.calloutId,
        caseId: r.caseId,
        referralId: r.id,
        occurredAt: input.occurredAt.toISOString(),
        outcome: input.outcome,
        evidenceCollected: input.evidenceCollected,
        medicalHelpArranged: input.medicalHelpArranged,
      },
    },
  ];
}

export interface WarningPolicy {
  /** Hours to deliver the letter to abuser and victim and notify the committee. */
  deliveryHours: number;
  /** Days after issue of the police follow-up visits (查访). */
  visitOffsets: readonly number[];
  /** The State Council calendar the visit days are counted with (Civil Code Arts. 201–203). */
  cal: Calendar;
}

/** A warning letter about to be issued: its id, its delivery deadline and its follow-up visits. */
export interface WarningLetterPlan {
  letterId: string;
  deliverBy: Date;
  visits: { id: string; offsetDays: number; dueAt: Date }[];
}

/** ADVL Arts. 16–17: deliveries are due within `deliveryHours`, follow-up visits on the configured days. */
export const planWarningLetter = (
  letterId: string,
  visitIds: () => string,
  now: Date,
  p: WarningPolicy,
): WarningLetterPlan => ({
  letterId,
  deliverBy: addHours(now, p.deliveryHours),
  visits: visitsDue(now, p.visitOffsets, p.cal).map((v) => ({ id: visitIds(), ...v })),
});

/** ADVL Art. 16: issue a warning letter; deliveries are due, follow-up visits scheduled (Art. 17). */
export function decideIssueWarningLetter(r: ReferralState, actor: Actor, plan: WarningLetterPlan, now: Date): Decision {
  const refused = notWorkingPoliceReferral(r, actor);
  if (refused) return refused;
  return [
    {
      type: 'dv.warning_letter.issued.v1',
      data: {
        warningLetterId: plan.letterId,
        caseId: r.caseId,
        referralId: r.id,
        issuedAt: now.toISOString(),
        deliverBy: plan.deliverBy.toISOString(),
      },
    },
    ...plan.visits.map((v): Emit => ({
      type: 'dv.police_visit.scheduled.v1',
      data: {
        visitId: v.id,
        caseId: r.caseId,
        warningLetterId: plan.letterId,
        assignedDept: r.assignedDept,
        dueAt: v.dueAt.toISOString(),
      },
    })),
  ];
}

export interface WarningLetterState {
  id: string;
  caseId: string;
  dept: string;
  deliveries: Record<string, string>;
}

/** A letter's deliveries after one more (the row change of `dv.warning_letter.delivered.v1`). */
export const withDelivery = (
  deliveries: Record<string, string>,
  recipient: WarningRecipient,
  now: Date,
): Record<string, string> => ({ ...deliveries, [recipient]: now.toISOString() });

/**
 * Delivered to abuser / victim, or committee notified (Art. 17) — each once. The committee notified is to visit
 * (查访): `committee` is its plan (or why it cannot be planned), given with the recipient `committee` only.
 */
export function decideDeliverWarningLetter(
  l: WarningLetterState,
  actor: Actor,
  recipient: WarningRecipient,
  now: Date,
  committee?: CommitteePlan | DomainError,
): Decision {
  const other = refusal(
    HELD_POLICY,
    actor,
    'police_station',
    l,
    'other_department',
    'This warning letter was issued by another station.',
  );
  if (other) return other;
  if (l.deliveries[recipient]) return new ConflictError('already_delivered', `Already delivered to the ${recipient}.`);
  if ((recipient === 'committee') !== (committee !== undefined))
    return new ValidationError('committee_only', 'A committee is named only when the committee is notified.', [
      { path: '/committeeStreet', message: 'only with recipient committee' },
    ]);
  if (committee instanceof DomainError) return committee;
  const delivered: Emit = {
    type: 'dv.warning_letter.delivered.v1',
    data: { warningLetterId: l.id, caseId: l.caseId, recipient, deliveredAt: now.toISOString() },
  };
  if (!committee) return [delivered];
  return [
    delivered,
    ...committee.visits.map((v): Emit => ({
      type: 'dv.committee_visit.scheduled.v1',
      data: {
        visitId: v.id,
        caseId: l.caseId,
        warningLetterId: l.id,
        assignedDept: committee.dept,
        street: committee.street,
        dueAt: v.dueAt.toISOString(),
      },
    })),
  ];
}

export function decideRecordPoliceVisit(
  v: { id: string; caseId: string; dept: string; status: string },
  actor: Actor,
  outcome: PoliceVisitOutcome,
  now: Date,
): Decision {
  const other = refusal(
    HELD_POLICY,
    actor,
    'police_station',
    v,
    'other_department',
    'This visit belongs to another station.',
  );
  if (other) return other;
  if (v.status !== 'scheduled') return new ConflictError('already_recorded', 'This visit was already recorded.');
  return [
    {
      type: 'dv.police_visit.recorded.v1',
      data: { visitId: v.id, caseId: v.caseId, outcome, visitedAt: now.toISOString() },
    },
  ];
}
