// Plan 二(七)4: 加强对施暴者的法治教育、心理辅导和行为矫治 — the abuser is referred to a legal-education, counselling or
// behaviour-correction programme, and how it ended is recorded. The events carry no personal data: the case, the
// programme type, dates and the outcome.
import type { PERPETRATOR_PROGRAMME_OUTCOMES, PERPETRATOR_PROGRAMMES } from '@linkage/contracts';
import { ConflictError, ForbiddenError, type Decision } from '@linkage/domain';
import { isInvolved, type Actor, type KnownCase } from '../access.ts';

export type Programme = (typeof PERPETRATOR_PROGRAMMES)[number];
export type ProgrammeOutcome = (typeof PERPETRATOR_PROGRAMME_OUTCOMES)[number];

/** Who works the case, as the access rule needs it: the case, its referrals' receivers, its courts. */
export interface CaseWork {
  c: KnownCase;
  received: { department: string; assignedDept: string }[];
  courts: string[];
}

/**
 * The same rule as the case's other actions (a protection-order application, an injury assessment): its owner's
 * caseworkers, a police station it was referred to, a court holding an application of it — within their streets.
 */
export const notInvolved = (actor: Actor, w: CaseWork): ForbiddenError | undefined =>
  isInvolved(actor, w.c, w.received, w.courts)
    ? undefined
    : new ForbiddenError('not_involved', "Only the departments working this case act on the abuser's programme.");

export function decideReferPerpetrator(
  actor: Actor,
  w: CaseWork,
  input: { programmeId: string; programme: Programme },
  now: Date,
): Decision {
  const refused = notInvolved(actor, w);
  if (refused) return refused;
  return [
    {
      type: 'dv.perpetrator_programme.referred.v1',
      data: {
        programmeId: input.programmeId,
        caseId: w.c.caseId,
        programme: input.programme,
        referredAt: now.toISOString(),
      },
    },
  ];
}

export interface ProgrammeState {
  id: string;
  caseId: string;
  programme: Programme;
  status: string;
  referredAt: Date;
}

/** The programme ended: completed, or not completed. Once. */
export function decideConcludeProgramme(
  p: ProgrammeState,
  actor: Actor,
  w: CaseWork,
  outcome: ProgrammeOutcome,
  now: Date,
): Decision {
  const refused = notInvolved(actor, w);
  if (refused) return refused;
  if (p.status !== 'referred') return new ConflictError('already_concluded', 'This programme is already concluded.');
  return [
    {
      type: 'dv.perpetrator_programme.concluded.v1',
      data: {
        programmeId: p.id,
        caseId: p.caseId,
        programme: p.programme,
        outcome,
        referredAt: p.referredAt.toISOString(),
        concludedAt: now.toISOString(),
      },
    },
  ];
}
