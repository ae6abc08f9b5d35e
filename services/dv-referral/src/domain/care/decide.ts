import type { INJURY_GRADES } from '@linkage/contracts';
import { ConflictError, ForbiddenError, ValidationError, type Decision } from '@linkage/domain';
import { deptKind, HELD_POLICY, isReceiver, refusal, type Actor } from '../access.ts';
import type { ReferralState } from '../referral/decide.ts';

export type InjuryGrade = (typeof INJURY_GRADES)[number];

/** An injury assessment (伤情鉴定) is requested from a hospital / forensic centre. */
export function decideRequestAssessment(
  actor: Actor,
  input: { assessmentId: string; caseId: string; healthDept: string },
  now: Date,
): Decision {
  const notAllowed = refusal(
    HELD_POLICY,
    actor,
    'request_assessment',
    undefined,
    'not_allowed',
    'Not allowed to request an injury assessment.',
  );
  if (notAllowed) return notAllowed;
  if (deptKind(input.healthDept) !== 'health')
    return new ValidationError('not_a_health_dept', `${input.healthDept} is not a hospital or forensic centre.`, [
      { path: '/healthDept', message: 'must be health:*' },
    ]);
  return [
    {
      type: 'dv.injury_assessment.requested.v1',
      data: {
        assessmentId: input.assessmentId,
        caseId: input.caseId,
        healthDept: input.healthDept,
        requestedAt: now.toISOString(),
      },
    },
  ];
}

/** Done: a graded result with the report's reference, usable as evidence (ADVL Art. 20). */
export function decideCompleteAssessment(
  a: { id: string; caseId: string; healthDept: string; status: string },
  actor: Actor,
  input: { grade: InjuryGrade; resultRef: string },
  now: Date,
): Decision {
  const other = refusal(
    HELD_POLICY,
    actor,
    'health',
    { dept: a.healthDept },
    'other_department',
    'This assessment was requested from another department.',
  );
  if (other) return other;
  if (a.status !== 'requested') return new ConflictError('already_completed', 'This assessment is already completed.');
  return [
    {
      type: 'dv.injury_assessment.completed.v1',
      data: {
        assessmentId: a.id,
        caseId: a.caseId,
        grade: input.grade,
        resultRef: input.resultRef,
        completedAt: now.toISOString(),
      },
    },
  ];
}

/** A counselling session on an accepted counselling referral. */
export function decideRecordSession(
  r: ReferralState,
  actor: Actor,
  input: { sessionId: string; heldAt: Date; durationMinutes: number },
  now: Date,
): Decision {
  if (r.department !== 'counselling')
    return new ConflictError('not_a_counselling_referral', 'This is not a counselling referral.');
  if (!isReceiver(actor, r))
    return new ForbiddenError('other_department', 'This referral was sent to another department.');
  if (r.status !== 'accepted' && r.status !== 'in_progress')
    return new ConflictError('referral_not_accepted', `The referral is ${r.status}; accept it first.`);
  if (input.heldAt.getTime() > now.getTime())
    return new ValidationError('held_in_future', 'A session cannot be recorded before it is held.', [
      { path: '/heldAt', message: 'is in the future' },
    ]);
  return [
    {
      type: 'dv.counselling.session_recorded.v1',
      data: {
        sessionId: input.sessionId,
        caseId: r.caseId,
        referralId: r.id,
        heldAt: input.heldAt.toISOString(),
        durationMinutes: input.durationMinutes,
      },
    },
  ];
}
