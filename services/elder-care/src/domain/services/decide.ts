import type { CapabilityLevel } from '@linkage/contracts';
import { ConflictError, ValidationError } from '@linkage/service-kit';
import { LEVEL_RANK } from '../assessment/levels.ts';

export type VisitStatus = 'scheduled' | 'delivered' | 'missed' | 'cancelled';
export type VisitCommand = { kind: 'deliver' } | { kind: 'miss' } | { kind: 'cancel' };

/** Home care visits: scheduled → delivered | missed | cancelled; nothing leaves a closed visit. */
export function decideVisitChange(status: VisitStatus, cmd: VisitCommand): VisitStatus {
  if (status !== 'scheduled') throw new ConflictError('visit_closed', `The visit is already ${status}.`);
  switch (cmd.kind) {
    case 'deliver':
      return 'delivered';
    case 'miss':
      return 'missed';
    case 'cancel':
      return 'cancelled';
    default: {
      const never: never = cmd;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** A visit is scheduled for an assessed person, in the future. */
export function decideScheduleVisit(level: string | null, dueAt: Date, now: Date): void {
  if (level === null) throw new ConflictError('not_assessed', 'The person has no capability assessment yet.');
  if (dueAt.getTime() < now.getTime())
    throw new ValidationError('visit_in_past', 'A visit cannot be scheduled in the past.');
}

/** Family care beds are for moderate, severe or total loss of capability; one active bed per person. */
export function decideFamilyBed(level: CapabilityLevel | null, hasActiveBed: boolean): void {
  if (level === null) throw new ConflictError('not_assessed', 'The person has no capability assessment yet.');
  if (LEVEL_RANK[level] < LEVEL_RANK.moderate)
    throw new ConflictError(
      'not_eligible',
      'A family care bed needs an assessed level of moderate loss of capability or worse.',
    );
  if (hasActiveBed) throw new ConflictError('family_bed_exists', 'The person already has a family care bed.');
}

/** Caregiver training is recorded when it was held (not in the future). */
export function decideTraining(heldAt: Date, now: Date): void {
  if (heldAt.getTime() > now.getTime())
    throw new ValidationError('training_in_future', 'Record a training session after it was held.');
}
