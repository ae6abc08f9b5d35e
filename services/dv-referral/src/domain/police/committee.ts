// ADVL Art. 17: 公安机关应当将告诫书送交加害人、受害人，并通知居民委员会、村民委员会。居民委员会、村民委员会、
// 公安派出所应当对收到告诫书的加害人、受害人进行查访，监督加害人不再实施家庭暴力。
// The committee notified of a warning letter makes its own visits: they are scheduled when the police record the
// notification, held by the committee (`committee:<street>`), and clocked on the timeline like the police's.
import type { POLICE_VISIT_OUTCOMES, Street } from '@linkage/contracts';
import { ConflictError, ValidationError, type Calendar, type Decision, type DomainError } from '@linkage/domain';
import { deptKind, HELD_POLICY, refusal, streetOf, type Actor } from '../access.ts';
import { visitsDue } from '../clocks.ts';

export type CommitteeVisitOutcome = (typeof POLICE_VISIT_OUTCOMES)[number];

/** The committee notified and the visits it is to make. */
export interface CommitteePlan {
  /** `committee:<street>` */
  dept: string;
  street: Street;
  visits: { id: string; offsetDays: number; dueAt: Date }[];
}

/**
 * Which committee was notified: the one the police name, else the case's street's, else the station's street's
 * (`police:xinqi` → `committee:xinqi`). A case with no street notified by a district unit must name it.
 */
export function committeeStreet(
  named: string | undefined,
  referralStreet: string | null | undefined,
  stationDept: string,
): Street | DomainError {
  const station = deptKind(stationDept) === 'police' ? stationDept.slice(stationDept.indexOf(':') + 1) : null;
  const street = streetOf(named) ?? streetOf(referralStreet) ?? streetOf(station);
  return (
    street ??
    new ValidationError(
      'committee_unknown',
      "Name the residents'/village committee notified (committeeStreet): the case has no street.",
      [{ path: '/committeeStreet', message: 'is required when the case has no street' }],
    )
  );
}

/** The committee's visits (查访), one per configured day offset after the notification (Civil Code Arts. 201–203). */
export const planCommitteeVisits = (
  street: Street,
  ids: () => string,
  now: Date,
  offsets: readonly number[],
  cal: Calendar,
): CommitteePlan => ({
  dept: `committee:${street}`,
  street,
  visits: visitsDue(now, offsets, cal).map((v) => ({ id: ids(), ...v })),
});

export interface CommitteeVisitState {
  id: string;
  caseId: string;
  dept: string;
  status: string;
}

/** Art. 17: the committee records its visit (only the committee it is due from, once). */
export function decideRecordCommitteeVisit(
  v: CommitteeVisitState,
  actor: Actor,
  outcome: CommitteeVisitOutcome,
  now: Date,
): Decision {
  const other = refusal(
    HELD_POLICY,
    actor,
    'committee',
    v,
    'other_department',
    'This visit is due from another committee.',
  );
  if (other) return other;
  if (v.status !== 'scheduled') return new ConflictError('already_recorded', 'This visit was already recorded.');
  return [
    {
      type: 'dv.committee_visit.recorded.v1',
      data: { visitId: v.id, caseId: v.caseId, outcome, visitedAt: now.toISOString() },
    },
  ];
}
