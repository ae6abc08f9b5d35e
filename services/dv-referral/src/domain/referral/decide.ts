import type {
  DvDepartment,
  ReferralRequestedV1,
  RiskLevel,
  REFERRAL_DECLINE_REASONS,
  REFERRAL_WITHDRAW_REASONS,
} from '@linkage/contracts';
import {
  addHours,
  assertNever,
  ConflictError,
  ForbiddenError,
  ValidationError,
  type Decision,
  type DomainError,
  type Emit,
} from '@linkage/domain';
import { canReceive, isCaseOwner, isReceiver, streetOf, type Actor } from '../access.ts';

export interface AcceptancePolicy {
  defaultHours: number;
  highRiskHours: number;
}

/** Platform rule: a department accepts or declines within 24 h, 1 h when the risk is high. */
export function acceptBy(requestedAt: Date, risk: RiskLevel, p: AcceptancePolicy): Date {
  return addHours(requestedAt, risk === 'high' ? p.highRiskHours : p.defaultHours);
}

/** Which police station takes a referral: the station of the victim's street, else the district desk. */
export function policeDeptFor(street: string | null): string {
  return `police:${street ?? 'district'}`;
}

export interface NewReferral {
  department: DvDepartment;
  assignedDept: string;
  acceptBy: Date;
}

/**
 * From an intake referral request to DV: the police are always referred (ADVL Arts. 15–17);
 * the shelter, court and health referrals are added by caseworkers.
 */
export function referralsForRequest(
  req: ReferralRequestedV1['data'],
  now: Date,
  p: AcceptancePolicy,
  shelterDept = 'shelter:beilun',
  counsellingDept = 'counselling:beilun',
): NewReferral[] {
  if (req.target !== 'dv') return [];
  const due = acceptBy(now, req.riskLevel, p);
  const out: NewReferral[] = [{ department: 'police', assignedDept: policeDeptFor(req.street), acceptBy: due }];
  // High risk: a shelter offer too — only with her consent to the shelter (ADVL Art. 5: 尊重受害人真实意愿). Without it
  // the shelter learns nothing; a caseworker may still refer her to a shelter by an explicit, audited referral.
  if (req.riskLevel === 'high' && req.departmentConsent?.shelter === true)
    out.push({ department: 'shelter', assignedDept: shelterDept, acceptBy: due });
  // No need is dropped: the needs she stated are acted on — psychological support by counselling, mediation by the
  // women's federation of her street (intake's NEED_HANDLERS say the same).
  if (req.needs.includes('psychological_support'))
    out.push({ department: 'counselling', assignedDept: counsellingDept, acceptBy: due });
  if (req.needs.includes('mediation'))
    out.push({ department: 'wf', assignedDept: `wf:${req.street ?? 'district'}`, acceptBy: due });
  return out;
}

/**
 * High risk and she agreed to the court: her own urgent application (Art. 28: 24 h ruling) with the measures of
 * Art. 29(1)–(2), prepared with the women's federation's help. Not on her behalf: ADVL Art. 23 allows that only when
 * she lacks capacity or cannot apply (coercion, intimidation; SPC 2022 Art. 2: old age, disability, illness).
 * Without her consent to the court nothing is filed: her wishes come first (Art. 5).
 */
export function orderApplicationForRequest(req: ReferralRequestedV1['data'], courtDept: string) {
  if (req.target !== 'dv' || req.riskLevel !== 'high' || req.departmentConsent?.court !== true) return null;
  return {
    courtDept,
    applicant: 'victim' as const,
    assistedBy: 'women_federation' as const,
    measures: ['ban_violence', 'ban_harassment_stalking_contact'] as (
      'ban_violence' | 'ban_harassment_stalking_contact'
    )[],
    urgent: true,
  };
}

/**
 * Elder abuse is domestic violence (Elderly Rights Law Art. 25): a safeguarding concern goes to the police of the
 * street.
 */
export function referralForSafeguarding(
  street: string | null,
  risk: RiskLevel,
  now: Date,
  p: AcceptancePolicy,
): NewReferral {
  return { department: 'police', assignedDept: policeDeptFor(street), acceptBy: acceptBy(now, risk, p) };
}

/** A caseworker refers the case to a department directly: where it goes and by when it must be accepted. */
export function decideCreateReferral(
  actor: Actor,
  dvCase: { ownerDept: string | null; street?: string | null; status: string } | null,
  input: { department: DvDepartment; assignedDept: string; riskLevel: RiskLevel },
  now: Date,
  p: AcceptancePolicy,
): NewReferral | DomainError {
  if (actor.role !== 'wf_caseworker') return new ForbiddenError('not_allowed', 'Only a caseworker refers a case.');
  if (dvCase && !isCaseOwner(actor, dvCase))
    return new ForbiddenError('not_case_owner', "This case is owned by another department's caseworkers.");
  if (dvCase && dvCase.status !== 'open')
    return new ConflictError('case_closed', 'The DV part of this case is closed; reopen it first.');
  if (!canReceive(input.department, input.assignedDept))
    return new ValidationError(
      'wrong_department',
      `A ${input.department} referral cannot be sent to ${input.assignedDept}.`,
      [{ path: '/assignedDept', message: 'does not match the department' }],
    );
  return {
    department: input.department,
    assignedDept: input.assignedDept,
    acceptBy: acceptBy(now, input.riskLevel, p),
  };
}

export type DeclineReason = (typeof REFERRAL_DECLINE_REASONS)[number];
export type WithdrawReason = (typeof REFERRAL_WITHDRAW_REASONS)[number];

export type ReferralCommand =
  | { kind: 'accept' }
  | { kind: 'decline'; reasonCode: DeclineReason }
  | { kind: 'start' }
  | { kind: 'complete' }
  | { kind: 'withdraw'; reasonCode: WithdrawReason };

export type ReferralStatus = 'requested' | 'accepted' | 'in_progress' | 'completed' | 'declined' | 'withdrawn';

/** Where a referral came from and what it carries into its `dv.referral.created.v1` (no personal data). */
export interface ReferralOrigin {
  caseId: string;
  riskLevel: RiskLevel;
  street: string | null;
  requestId?: string | null;
}

/** The event announcing a new referral. */
export const referralCreated = (referralId: string, o: ReferralOrigin, r: NewReferral, now: Date): Emit => ({
  type: 'dv.referral.created.v1',
  data: {
    referralId,
    caseId: o.caseId,
    requestId: o.requestId ?? null,
    department: r.department,
    assignedDept: r.assignedDept,
    riskLevel: o.riskLevel,
    street: streetOf(o.street),
    acceptBy: r.acceptBy.toISOString(),
    createdAt: now.toISOString(),
  },
});

export interface ReferralState {
  id: string;
  caseId: string;
  department: DvDepartment;
  assignedDept: string;
  /** The referral's street: a receiver restricted to streets works only those (omitted: not checked). */
  street?: string | null;
  status: ReferralStatus;
}

export interface ReferralContext {
  now: Date;
  /** Hours the case owner has to re-route a declined referral. */
  rerouteHours: number;
  caseOwnerDept: string;
  /** The case's street: the owner's caseworkers act within their streets. */
  caseStreet?: string | null;
}

const FROM: Record<ReferralCommand['kind'], readonly ReferralStatus[]> = {
  accept: ['requested'],
  decline: ['requested'],
  start: ['accepted'],
  complete: ['in_progress'],
  withdraw: ['requested', 'accepted', 'in_progress'],
};

const PAST: Record<ReferralCommand['kind'], string> = {
  accept: 'accepted',
  decline: 'declined',
  start: 'started',
  complete: 'completed',
  withdraw: 'withdrawn',
};

/** The status a referral is in after a command of this kind succeeded. */
export const STATUS_AFTER: Record<ReferralCommand['kind'], ReferralStatus> = {
  accept: 'accepted',
  decline: 'declined',
  start: 'in_progress',
  complete: 'completed',
  withdraw: 'withdrawn',
};

/** The referral lifecycle: requested → accepted → in progress → completed; or declined (reason); or withdrawn. */
export function decideReferral(s: ReferralState, cmd: ReferralCommand, actor: Actor, ctx: ReferralContext): Decision {
  if (cmd.kind === 'withdraw') {
    if (!isCaseOwner(actor, { ownerDept: ctx.caseOwnerDept, street: ctx.caseStreet }))
      return new ForbiddenError('not_case_owner', 'Only the case owner withdraws a referral.');
  } else if (!isReceiver(actor, s)) {
    return new ForbiddenError('other_department', 'This referral was sent to another department.');
  }
  if (!FROM[cmd.kind].includes(s.status))
    return new ConflictError('illegal_transition', `A ${s.status} referral cannot be ${PAST[cmd.kind]}.`);
  const step = {
    referralId: s.id,
    caseId: s.caseId,
    department: s.department,
    assignedDept: s.assignedDept,
    at: ctx.now.toISOString(),
  };
  switch (cmd.kind) {
    case 'accept':
      return [{ type: 'dv.referral.accepted.v1', data: step }];
    case 'decline': {
      const rerouteBy = addHours(ctx.now, ctx.rerouteHours).toISOString();
      return [{ type: 'dv.referral.declined.v1', data: { ...step, reasonCode: cmd.reasonCode, rerouteBy } }];
    }
    case 'start':
      return [{ type: 'dv.referral.started.v1', data: step }];
    case 'complete':
      return [{ type: 'dv.referral.completed.v1', data: step }];
    case 'withdraw':
      return [{ type: 'dv.referral.withdrawn.v1', data: { ...step, reasonCode: cmd.reasonCode } }];
    default:
      return assertNever(cmd);
  }
}
