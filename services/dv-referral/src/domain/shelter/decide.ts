import { assertNever, ConflictError, type Decision, type ForbiddenError } from '@linkage/domain';
import { HELD_POLICY, refusal, type Actor } from '../access.ts';
import { lengthOfStayDays } from '../clocks.ts';

export interface ShelterState {
  id: string;
  dept: string;
  capacity: number;
}

/** Only the shelter's own officers act on its beds. */
export const otherShelter = (actor: Actor, dept: string): ForbiddenError | undefined =>
  refusal(HELD_POLICY, actor, 'run_shelter', { dept }, 'other_shelter', 'This shelter is run by another department.');

/** Place a person: refused when every bed is taken (`occupied` counts placed and checked-in people). */
export function decidePlace(
  shelter: ShelterState,
  occupied: number,
  actor: Actor,
  input: {
    placementId: string;
    caseId: string;
    referral: { id: string; department: string; assignedDept: string; status: string } | null;
  },
  now: Date,
): Decision {
  const other = otherShelter(actor, shelter.dept);
  if (other) return other;
  if (input.referral) {
    if (input.referral.department !== 'shelter' || input.referral.assignedDept !== shelter.dept)
      return new ConflictError('referral_mismatch', 'The referral is not a shelter referral to this shelter.');
    if (input.referral.status !== 'accepted' && input.referral.status !== 'in_progress')
      return new ConflictError('referral_not_accepted', `The referral is ${input.referral.status}; accept it first.`);
  }
  if (occupied >= shelter.capacity)
    return new ConflictError(
      'shelter_full',
      `The shelter is full (${shelter.capacity} of ${shelter.capacity} beds taken).`,
    );
  return [
    {
      type: 'dv.shelter.placed.v1',
      data: {
        placementId: input.placementId,
        shelterId: shelter.id,
        caseId: input.caseId,
        referralId: input.referral?.id ?? null,
        placedAt: now.toISOString(),
      },
    },
  ];
}

export type PlacementStatus = 'placed' | 'checked_in' | 'checked_out';
export type PlacementCommand = { kind: 'check_in' } | { kind: 'check_out' };

/** The status a placement is in after a command of this kind succeeded. */
export const PLACEMENT_STATUS_AFTER: Record<PlacementCommand['kind'], PlacementStatus> = {
  check_in: 'checked_in',
  check_out: 'checked_out',
};

export function decidePlacement(
  p: { id: string; shelterId: string; caseId: string; status: PlacementStatus; checkedInAt: Date | null },
  shelterDept: string,
  cmd: PlacementCommand,
  actor: Actor,
  now: Date,
): Decision {
  const other = otherShelter(actor, shelterDept);
  if (other) return other;
  const ids = { placementId: p.id, shelterId: p.shelterId, caseId: p.caseId };
  switch (cmd.kind) {
    case 'check_in':
      if (p.status !== 'placed')
        return new ConflictError('illegal_transition', `A ${p.status} placement cannot check in.`);
      return [{ type: 'dv.shelter.checked_in.v1', data: { ...ids, checkedInAt: now.toISOString() } }];
    case 'check_out':
      if (p.status !== 'checked_in' || !p.checkedInAt)
        return new ConflictError('illegal_transition', `A ${p.status} placement cannot check out.`);
      return [
        {
          type: 'dv.shelter.checked_out.v1',
          data: { ...ids, checkedOutAt: now.toISOString(), lengthOfStayDays: lengthOfStayDays(p.checkedInAt, now) },
        },
      ];
    default:
      return assertNever(cmd);
  }
}
