import { topicOf, type EventOf, type EventType, type LinkageEvent } from '@linkage/contracts';

/**
 * The case's status summary, kept from other services' events (read-only projection: intake
 * never calls them). One row per thing another department works on (`ref`), last state wins.
 */
export interface StatusEntry {
  caseId: string;
  /** Stable per case: `<service>.<entity>:<id>`, e.g. `dv.referral:<referralId>`. */
  ref: string;
  service: 'dv' | 'legal_aid' | 'elder_care';
  /** The receiving department (category, e.g. police) and its code (e.g. police:xinqi), when known. */
  department: string | null;
  assignedDept: string | null;
  status: string;
  /** The clock the department is now on (e.g. acceptBy), if any. */
  dueAt: string | null;
  at: string;
}

type Projection<T extends EventType> = (e: EventOf<T>) => StatusEntry | undefined;

/**
 * Handler table: event type → status entry. To follow another team's event, add one line here
 * (the consumer subscribes to its topic automatically).
 */
export const STATUS_PROJECTIONS: { [T in EventType]?: Projection<T> } = {
  'dv.referral.created.v1': (e) => ({
    caseId: e.data.caseId,
    ref: `dv.referral:${e.data.referralId}`,
    service: 'dv',
    department: e.data.department,
    assignedDept: e.data.assignedDept,
    status: 'requested',
    dueAt: e.data.acceptBy,
    at: e.data.createdAt,
  }),
  'dv.referral.accepted.v1': (e) => referralStep(e.data, 'accepted'),
  'dv.referral.started.v1': (e) => referralStep(e.data, 'in_progress'),
  'dv.referral.completed.v1': (e) => referralStep(e.data, 'completed'),
  'dv.referral.declined.v1': (e) => ({ ...referralStep(e.data, 'declined'), dueAt: e.data.rerouteBy }),
  'dv.referral.withdrawn.v1': (e) => referralStep(e.data, 'withdrawn'),
  'dv.protection_order.accepted.v1': (e) =>
    order(e.data, 'accepted', e.data.courtDept, e.data.ruleBy, e.data.acceptedAt),
  'dv.protection_order.issued.v1': (e) => order(e.data, 'issued', null, e.data.validUntil, e.time),
  'dv.protection_order.rejected.v1': (e) => order(e.data, 'rejected', e.data.courtDept, null, e.data.rejectedAt),
  // A new incident at a DV follow-up reopens the DV part: the case needs re-screening here.
  'dv.case.closed.v1': (e) => ({
    caseId: e.data.caseId,
    ref: `dv.case:${e.data.caseId}`,
    service: 'dv',
    department: null,
    assignedDept: null,
    status: 'closed',
    dueAt: null,
    at: e.data.closedAt,
  }),
  'dv.case.reopened.v1': (e) => ({
    caseId: e.data.caseId,
    ref: `dv.case:${e.data.caseId}`,
    service: 'dv',
    department: null,
    assignedDept: null,
    status: e.data.rescreenRequired ? 'reopened_rescreen_required' : 'reopened',
    dueAt: null,
    at: e.data.reopenedAt,
  }),
  'legal_aid.application.received.v1': (e) => legalAid(e.data, 'received', e.data.decideBy, e.data.receivedAt),
  'legal_aid.application.approved.v1': (e) => legalAid(e.data, 'approved', e.data.assignBy, e.data.approvedAt),
  'legal_aid.application.refused.v1': (e) => legalAid(e.data, 'refused', null, e.data.refusedAt),
  'legal_aid.lawyer.assigned.v1': (e) => legalAid(e.data, 'lawyer_assigned', null, e.time),
  'legal_aid.matter.closed.v1': (e) => legalAid(e.data, 'closed', null, e.time),
  'elder_care.client.referred.v1': (e) => elder(e.data, 'referred', e.data.assessBy, e.time),
  'elder_care.assessment.completed.v1': (e) => elder(e.data, 'assessed', e.data.reassessBy, e.time),
  'elder_care.placement.made.v1': (e) => elder(e.data, 'placed', null, e.time),
};

function referralStep(
  d: { referralId: string; caseId: string; department: string; assignedDept: string; at: string },
  status: string,
): StatusEntry {
  return {
    caseId: d.caseId,
    ref: `dv.referral:${d.referralId}`,
    service: 'dv',
    department: d.department,
    assignedDept: d.assignedDept,
    status,
    dueAt: null,
    at: d.at,
  };
}
function order(
  d: { orderId: string; caseId: string },
  status: string,
  courtDept: string | null,
  dueAt: string | null,
  at: string,
): StatusEntry {
  return {
    caseId: d.caseId,
    ref: `dv.protection_order:${d.orderId}`,
    service: 'dv',
    department: 'court',
    assignedDept: courtDept,
    status,
    dueAt,
    at,
  };
}
/** Direct legal aid applications have no intake case: nothing to show here. */
function legalAid(
  d: { applicationId: string; caseId: string | null },
  status: string,
  dueAt: string | null,
  at: string,
): StatusEntry | undefined {
  if (!d.caseId) return undefined;
  return {
    caseId: d.caseId,
    ref: `legal_aid.application:${d.applicationId}`,
    service: 'legal_aid',
    department: 'legal_aid',
    assignedDept: null,
    status,
    dueAt,
    at,
  };
}
function elder(d: { clientId: string; caseId: string }, status: string, dueAt: string | null, at: string): StatusEntry {
  return {
    caseId: d.caseId,
    ref: `elder_care.client:${d.clientId}`,
    service: 'elder_care',
    department: 'elder_care',
    assignedDept: null,
    status,
    dueAt,
    at,
  };
}

export const projectedTypes = (): EventType[] => Object.keys(STATUS_PROJECTIONS) as EventType[];
export const projectedTopics = (): string[] => [...new Set(projectedTypes().map((t) => topicOf(t)))];

export function projectStatus(e: LinkageEvent): StatusEntry | undefined {
  const p = STATUS_PROJECTIONS[e.type] as ((e: LinkageEvent) => StatusEntry) | undefined;
  return p?.(e);
}
