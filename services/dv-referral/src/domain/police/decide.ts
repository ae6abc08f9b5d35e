import type { CALLOUT_OUTCOMES, POLICE_VISIT_OUTCOMES, WARNING_RECIPIENTS } from '@linkage/contracts';
import { ConflictError, ForbiddenError, ValidationError, type Calendar } from '@linkage/service-kit';
import { isReceiver } from '../access.ts';
import { addHours, visitsDue } from '../clocks.ts';
import type { Actor, Emit } from '../emit.ts';
import type { ReferralState } from '../referral/decide.ts';

export type CalloutOutcome = (typeof CALLOUT_OUTCOMES)[number];
export type WarningRecipient = (typeof WARNING_RECIPIENTS)[number];
export type PoliceVisitOutcome = (typeof POLICE_VISIT_OUTCOMES)[number];

/** Police work happens on a police referral the caller's station has accepted. */
function assertWorkingPoliceReferral(r: ReferralState, actor: Actor): void {
  if (r.department !== 'police') throw new ConflictError('not_a_police_referral', 'This is not a police referral.');
  if (!isReceiver(actor, r))
    throw new ForbiddenError('other_department', 'This referral was sent to another department.');
  if (r.status !== 'accepted' && r.status !== 'in_progress')
    throw new ConflictError('referral_not_accepted', `The referral is ${r.status}; accept it first.`);
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
): Emit[] {
  assertWorkingPoliceReferral(r, actor);
  if (input.occurredAt.getTime() > now.getTime())
    throw new ValidationError('occurred_in_future', 'A call-out cannot be recorded before it happened.', [
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

/** ADVL Art. 16: issue a warning letter; deliveries are due, follow-up visits scheduled (Art. 17). */
export function decideIssueWarningLetter(
  r: ReferralState,
  actor: Actor,
  letterId: string,
  visitIds: () => string,
  now: Date,
  p: WarningPolicy,
) {
  assertWorkingPoliceReferral(r, actor);
  const deliverBy = addHours(now, p.deliveryHours);
  const visits = visitsDue(now, p.visitOffsets, p.cal).map((v) => ({ id: visitIds(), ...v }));
  const events: Emit[] = [
    {
      type: 'dv.warning_letter.issued.v1',
      data: {
        warningLetterId: letterId,
        caseId: r.caseId,
        referralId: r.id,
        issuedAt: now.toISOString(),
        deliverBy: deliverBy.toISOString(),
      },
    },
    ...visits.map((v): Emit => ({
      type: 'dv.police_visit.scheduled.v1',
      data: {
        visitId: v.id,
        caseId: r.caseId,
        warningLetterId: letterId,
        assignedDept: r.assignedDept,
        dueAt: v.dueAt.toISOString(),
      },
    })),
  ];
  return { deliverBy, visits, events };
}

export interface WarningLetterState {
  id: string;
  caseId: string;
  dept: string;
  deliveries: Record<string, string>;
}

/** Delivered to abuser / victim, or committee notified (Art. 17) — each once. */
export function decideDeliverWarningLetter(
  l: WarningLetterState,
  actor: Actor,
  recipient: WarningRecipient,
  now: Date,
): { deliveries: Record<string, string>; events: Emit[] } {
  if (actor.role !== 'police_officer' || actor.dept !== l.dept)
    throw new ForbiddenError('other_department', 'This warning letter was issued by another station.');
  if (l.deliveries[recipient]) throw new ConflictError('already_delivered', `Already delivered to the ${recipient}.`);
  return {
    deliveries: { ...l.deliveries, [recipient]: now.toISOString() },
    events: [
      {
        type: 'dv.warning_letter.delivered.v1',
        data: { warningLetterId: l.id, caseId: l.caseId, recipient, deliveredAt: now.toISOString() },
      },
    ],
  };
}

export function decideRecordPoliceVisit(
  v: { id: string; caseId: string; dept: string; status: string },
  actor: Actor,
  outcome: PoliceVisitOutcome,
  now: Date,
): Emit[] {
  if (actor.role !== 'police_officer' || actor.dept !== v.dept)
    throw new ForbiddenError('other_department', 'This visit belongs to another station.');
  if (v.status !== 'scheduled') throw new ConflictError('already_recorded', 'This visit was already recorded.');
  return [
    {
      type: 'dv.police_visit.recorded.v1',
      data: { visitId: v.id, caseId: v.caseId, outcome, visitedAt: now.toISOString() },
    },
  ];
}
