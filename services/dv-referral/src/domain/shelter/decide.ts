import { ConflictError, ForbiddenError } from '@linkage/service-kit';
import { lengthOfStayDays } from '../clocks.ts';
import { assertNever, type Actor, type Emit } from '../emit.ts';

export interface ShelterState {
  id: string;
  dept: string;
  capacity: number;
}

const ownShelter = (actor: Actor, dept: string) => {
  if (actor.role !== 'shelter_officer' || actor.dept !== dept)
    throw new ForbiddenError('other_shelter', 'This shelter is run by another department.');
};

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
): Emit[] {
  ownShelter(actor, shelter.dept);
  if (input.referral) {
    if (input.referral.department !== 'shelter' || input.referral.assignedDept !== shelter.dept)
      throw new ConflictError('referral_mismatch', 'The referral is not a shelter referral to this shelter.');
    if (input.referral.status !== 'accepted' && input.referral.status !== 'in_progress')
      throw new ConflictError('referral_not_accepted', `The referral is ${input.referral.status}; accept it first.`);
  }
  if (occupied >= shelter.capacity)
    throw new ConflictError(
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

export function decidePlacement(
  p: { id: string; shelterId: string; caseId: string; status: PlacementStatus; checkedInAt: Date | null },
  shelterDept: string,
  cmd: PlacementCommand,
  actor: Actor,
  now: Date,
): { status: PlacementStatus; events: Emit[] } {
  ownShelter(actor, shelterDept);
  const ids = { placementId: p.id, shelterId: p.shelterId, caseId: p.caseId };
  switch (cmd.kind) {
    case 'check_in':
      if (p.status !== 'placed')
        throw new ConflictError('illegal_transition', `A ${p.status} placement cannot check in.`);
      return {
        status: 'checked_in',
        events: [{ type: 'dv.shelter.checked_in.v1', data: { ...ids, checkedInAt: now.toISOString() } }],
      };
    case 'check_out':
      if (p.status !== 'checked_in' || !p.checkedInAt)
        throw new ConflictError('illegal_transition', `A ${p.status} placement cannot check out.`);
      return {
        status: 'checked_out',
        events: [
          {
            type: 'dv.shelter.checked_out.v1',
            data: { ...ids, checkedOutAt: now.toISOString(), lengthOfStayDays: lengthOfStayDays(p.checkedInAt, now) },
          },
        ],
      };
    default:
      return assertNever(cmd);
  }
}
