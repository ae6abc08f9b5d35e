import type { EventOf, EventType, LinkageEvent } from '@linkage/contracts';
import type { DossierDeptType } from './fields.ts';

/**
 * Which department holds a referral or application of the case, and whether it is still open —
 * learnt from the other services' events (intake never calls them). The dossier is served on an
 * open hand-off only: declined, withdrawn or closed ends the department's access.
 */
export const HANDOFF_STATUSES = ['open', 'declined', 'withdrawn', 'closed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export interface Handoff {
  caseId: string;
  ref: string;
  deptType: DossierDeptType;
  /** Empty: keep the departments already known. */
  depts: string[];
  /** null: keep the street already known. */
  street: string | null;
  status: HandoffStatus;
  at: string;
}

export interface HandoffContext {
  /** The legal aid centre that receives intake's applications (legal-aid's LEGAL_AID_CENTRE_DEPT). */
  legalAidCentreDept: string;
}

/** Elder care's records are held by the district office and the office of her street (elder-care `holdersOf`). */
export const elderCareHolders = (street: string | null): string[] =>
  street ? ['civil_affairs:district', `civil_affairs:${street}`] : ['civil_affairs:district'];

type Projection<T extends EventType> = (e: EventOf<T>, c: HandoffContext) => Handoff | undefined;

const referral = (
  d: { referralId: string; caseId: string; department: string; assignedDept: string; at: string },
  status: HandoffStatus,
): Handoff => ({
  caseId: d.caseId,
  ref: `dv.referral:${d.referralId}`,
  deptType: d.department as DossierDeptType,
  depts: [d.assignedDept],
  street: null,
  status,
  at: d.at,
});
const order = (
  d: { orderId: string; caseId: string; courtDept: string },
  status: HandoffStatus,
  at: string,
): Handoff => ({
  caseId: d.caseId,
  ref: `dv.protection_order:${d.orderId}`,
  deptType: 'court',
  depts: [d.courtDept],
  street: null,
  status,
  at,
});
/** A direct application with no intake case has nothing to hand off here. */
const application = (
  d: { applicationId: string; caseId: string | null },
  c: HandoffContext,
  status: HandoffStatus,
  at: string,
  street: string | null = null,
): Handoff | undefined =>
  d.caseId
    ? {
        caseId: d.caseId,
        ref: `legal_aid.application:${d.applicationId}`,
        deptType: 'legal_aid',
        depts: [c.legalAidCentreDept],
        street,
        status,
        at,
      }
    : undefined;

/** Event type → hand-off state. To follow another event, add one line. */
export const HANDOFF_PROJECTIONS: { [T in EventType]?: Projection<T> } = {
  'dv.referral.created.v1': (e) => ({
    ...referral({ ...e.data, at: e.data.createdAt }, 'open'),
    street: e.data.street,
  }),
  'dv.referral.accepted.v1': (e) => referral(e.data, 'open'),
  'dv.referral.started.v1': (e) => referral(e.data, 'open'),
  'dv.referral.completed.v1': (e) => referral(e.data, 'closed'),
  'dv.referral.declined.v1': (e) => referral(e.data, 'declined'),
  'dv.referral.withdrawn.v1': (e) => referral(e.data, 'withdrawn'),
  'dv.protection_order.applied.v1': (e) => order(e.data, 'open', e.data.appliedAt),
  'dv.protection_order.accepted.v1': (e) => order(e.data, 'open', e.data.acceptedAt),
  'dv.protection_order.issued.v1': (e) => order(e.data, 'open', e.data.issuedAt),
  'dv.protection_order.rejected.v1': (e) => order(e.data, 'declined', e.data.rejectedAt),
  'dv.protection_order.expired.v1': (e) => order(e.data, 'closed', e.data.expiredAt),
  // revoked names no court: the court already known keeps the record (an empty list keeps it)
  'dv.protection_order.revoked.v1': (e) => ({
    caseId: e.data.caseId,
    ref: `dv.protection_order:${e.data.orderId}`,
    deptType: 'court',
    depts: [],
    street: null,
    status: 'closed',
    at: e.data.at,
  }),
  'legal_aid.application.received.v1': (e, c) => application(e.data, c, 'open', e.data.receivedAt, e.data.street),
  'legal_aid.application.approved.v1': (e, c) => application(e.data, c, 'open', e.data.approvedAt, e.data.street),
  'legal_aid.application.refused.v1': (e, c) => application(e.data, c, 'declined', e.data.refusedAt),
  'legal_aid.application.deemed_withdrawn.v1': (e, c) => application(e.data, c, 'withdrawn', e.data.withdrawnAt),
  'legal_aid.matter.closed.v1': (e, c) => application(e.data, c, 'closed', e.data.closedAt),
  'legal_aid.matter.terminated.v1': (e, c) => application(e.data, c, 'closed', e.data.terminatedAt),
  'elder_care.client.referred.v1': (e) => ({
    caseId: e.data.caseId,
    ref: `elder_care.client:${e.data.clientId}`,
    deptType: 'elder_care',
    depts: elderCareHolders(e.data.street),
    street: e.data.street,
    status: 'open',
    at: e.data.referredAt,
  }),
};

export const handoffTypes = (): EventType[] => Object.keys(HANDOFF_PROJECTIONS) as EventType[];

export function projectHandoff(e: LinkageEvent, c: HandoffContext): Handoff | undefined {
  const p = HANDOFF_PROJECTIONS[e.type] as ((e: LinkageEvent, c: HandoffContext) => Handoff | undefined) | undefined;
  return p?.(e, c);
}
