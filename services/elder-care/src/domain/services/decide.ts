import type { CapabilityLevel, Street } from '@linkage/contracts';
import { assertNever, ConflictError, DomainError, ValidationError } from '@linkage/domain';
import { LEVEL_RANK, reassessBy } from '../assessment/levels.ts';
import type { ElderEvent } from '../events.ts';

export type VisitStatus = 'scheduled' | 'delivered' | 'missed' | 'cancelled';
export type VisitCommand = { kind: 'deliver' } | { kind: 'miss' } | { kind: 'cancel' };
/** The status a visit closes with, per command. */
export const VISIT_CLOSED_AS: Record<VisitCommand['kind'], VisitStatus> = {
  deliver: 'delivered',
  miss: 'missed',
  cancel: 'cancelled',
};

/** Home care visits: scheduled → delivered | missed | cancelled; nothing leaves a closed visit. */
export function decideVisitChange(status: VisitStatus, cmd: VisitCommand): VisitStatus | DomainError {
  if (status !== 'scheduled') return new ConflictError('visit_closed', `The visit is already ${status}.`);
  return VISIT_CLOSED_AS[cmd.kind];
}

/** A visit is scheduled for an assessed person, in the future. */
export function decideScheduleVisit(level: string | null, dueAt: Date, now: Date): DomainError | null {
  if (level === null) return new ConflictError('not_assessed', 'The person has no capability assessment yet.');
  if (dueAt.getTime() < now.getTime())
    return new ValidationError('visit_in_past', 'A visit cannot be scheduled in the past.');
  return null;
}

/** Family care beds are for moderate, severe or total loss of capability; one active bed per person. */
export function decideFamilyBed(level: CapabilityLevel | null, hasActiveBed: boolean): DomainError | null {
  if (level === null) return new ConflictError('not_assessed', 'The person has no capability assessment yet.');
  if (LEVEL_RANK[level] < LEVEL_RANK.moderate)
    return new ConflictError(
      'not_eligible',
      'A family care bed needs an assessed level of moderate loss of capability or worse.',
    );
  if (hasActiveBed) return new ConflictError('family_bed_exists', 'The person already has a family care bed.');
  return null;
}

/** Caregiver training is recorded when it was held (not in the future). */
export function decideTraining(heldAt: Date, now: Date): DomainError | null {
  return heldAt.getTime() > now.getTime()
    ? new ValidationError('training_in_future', 'Record a training session after it was held.')
    : null;
}

/** A family care bed is reviewed with the person's reassessment (or `reassessMonths` from now without one). */
export const familyBedReviewBy = (c: { reassessBy: Date | null }, now: Date, reassessMonths: number): Date =>
  c.reassessBy ?? reassessBy(now, reassessMonths);

/** The person home care is for, as the decisions need her. */
export interface HomeCareClient {
  id: string;
  caseId: string;
  street: Street | null;
  level: CapabilityLevel | null;
  reassessBy: Date | null;
}

export type HomeCareCommand =
  | { kind: 'schedule_visit'; visitId: string; serviceType: string; dueAt: Date }
  | { kind: 'set_up_family_bed'; bedId: string; hasActiveBed: boolean; reassessMonths: number }
  | { kind: 'record_training'; trainingId: string; heldAt: Date };

/** Care at home for one person: visits scheduled, a family care bed, her caregiver's training. */
export function decideHomeCare(c: HomeCareClient, cmd: HomeCareCommand, now: Date): ElderEvent[] | DomainError {
  const ref = { clientId: c.id, caseId: c.caseId };
  switch (cmd.kind) {
    case 'schedule_visit': {
      const refused = decideScheduleVisit(c.level, cmd.dueAt, now);
      if (refused) return refused;
      return [
        {
          type: 'elder_care.home_visit.scheduled.v1',
          data: {
            visitId: cmd.visitId,
            ...ref,
            serviceType: cmd.serviceType,
            street: c.street,
            dueAt: cmd.dueAt.toISOString(),
          },
        },
      ];
    }
    case 'set_up_family_bed': {
      const refused = decideFamilyBed(c.level, cmd.hasActiveBed);
      if (refused) return refused;
      const reviewBy = familyBedReviewBy(c, now, cmd.reassessMonths);
      return [
        {
          type: 'elder_care.family_bed.set_up.v1',
          data: {
            bedId: cmd.bedId,
            ...ref,
            street: c.street,
            setUpAt: now.toISOString(),
            reviewBy: reviewBy.toISOString(),
          },
        },
      ];
    }
    case 'record_training': {
      const refused = decideTraining(cmd.heldAt, now);
      if (refused) return refused;
      return [
        {
          type: 'elder_care.service.delivered.v1',
          data: {
            serviceId: cmd.trainingId,
            ...ref,
            kind: 'caregiver_training',
            days: null,
            street: c.street,
            deliveredAt: cmd.heldAt.toISOString(),
          },
        },
      ];
    }
    default:
      return assertNever(cmd);
  }
}

/** A scheduled visit and whose it is. */
export interface Visit {
  id: string;
  status: VisitStatus;
  dueAt: Date;
  clientId: string;
  caseId: string;
  street: Street | null;
}

/** Close a visit: delivered (a service delivered), missed (reported), or cancelled (nothing leaves the service). */
export function decideVisit(v: Visit, cmd: VisitCommand, now: Date): ElderEvent[] | DomainError {
  const next = decideVisitChange(v.status, cmd);
  if (next instanceof DomainError) return next;
  const ref = { clientId: v.clientId, caseId: v.caseId };
  switch (cmd.kind) {
    case 'deliver':
      return [
        {
          type: 'elder_care.service.delivered.v1',
          data: {
            serviceId: v.id,
            ...ref,
            kind: 'home_visit',
            days: null,
            street: v.street,
            deliveredAt: now.toISOString(),
          },
        },
      ];
    case 'miss':
      return [
        {
          type: 'elder_care.home_visit.missed.v1',
          data: { visitId: v.id, ...ref, dueAt: v.dueAt.toISOString(), missedAt: now.toISOString() },
        },
      ];
    case 'cancel':
      return [];
    default:
      return assertNever(cmd);
  }
}
