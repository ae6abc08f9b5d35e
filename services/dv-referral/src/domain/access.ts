import { holds, type Holding, type Principal } from '@linkage/auth';
import type { DvDepartment, Role } from '@linkage/contracts';
import type { Actor } from './emit.ts';

/** Which roles act for a receiving department of each referral type. */
export const RECEIVER_ROLES: Record<DvDepartment, readonly Role[]> = {
  police: ['police_officer'],
  court: ['court_clerk'],
  shelter: ['shelter_officer'],
  health: ['health_worker'],
  counselling: ['health_worker', 'wf_caseworker'],
  wf: ['wf_caseworker'],
};

/** Which dept codes may receive each referral type (`police:xinqi` receives police referrals). */
export const RECEIVER_DEPT_KINDS: Record<DvDepartment, readonly string[]> = {
  police: ['police'],
  court: ['court'],
  shelter: ['shelter'],
  health: ['health'],
  counselling: ['counselling', 'health', 'wf'],
  wf: ['wf'],
};

export const deptKind = (dept: string): string => dept.slice(0, dept.indexOf(':'));

export const canReceive = (department: DvDepartment, assignedDept: string): boolean =>
  RECEIVER_DEPT_KINDS[department].includes(deptKind(assignedDept));

// The checks below are the shared rule (@linkage/auth `holds`: department + streets) applied to
// what dv-referral knows of a referral or a case.
const P = (a: Actor): Principal => ({ sub: '', role: a.role, dept: a.dept, streets: a.streets ?? [] });
const where = (street: string | null | undefined): Pick<Holding, 'street'> => (street === undefined ? {} : { street });

/**
 * The caller is the receiving department of the referral (within its streets), in a role that works that referral type.
 */
export const isReceiver = (
  a: Actor,
  r: { department: string; assignedDept: string; street?: string | null },
): boolean =>
  (RECEIVER_ROLES[r.department as DvDepartment] ?? []).includes(a.role) &&
  holds(P(a), { depts: [r.assignedDept], ...where(r.street) });

/** The caller is a caseworker of the unit that owns the case (within its streets). */
export const isCaseOwner = (a: Actor, c: { ownerDept: string | null; street?: string | null }): boolean =>
  a.role === 'wf_caseworker' && holds(P(a), { depts: [c.ownerDept], ...where(c.street) });

/** A coordinator whose streets cover the record (de-identified views only). */
export const isCoordinatorFor = (a: Actor, street: string | null | undefined): boolean =>
  a.role === 'coordinator' && holds(P(a), where(street));

/** What dv-referral knows of a case it may work on: from intake's events or its own DV part. */
export interface KnownCase {
  caseId: string;
  ownerDept: string | null;
  street: string | null;
}

/**
 * Who may start work on a case (a protection-order application, an injury assessment): its owner's
 * caseworkers; a police station it was referred to; a court that holds an application of it (a
 * clerk registering at the counter of her own court is checked by the decide function). Streets apply.
 */
export function isInvolved(
  a: Actor,
  c: KnownCase,
  received: { department: string; assignedDept: string }[],
  courts: string[],
): boolean {
  if (isCaseOwner(a, c)) return true;
  if (a.role === 'police_officer')
    return received.some((r) => isReceiver(a, { ...r, street: c.street }) && r.department === 'police');
  if (a.role === 'court_clerk') return holds(P(a), { depts: courts, street: c.street });
  return false;
}

/**
 * Need-to-know: which optional referral fields each receiving department sees
 * (the base fields — ids, department, risk level, status, clock — everyone who may see the referral sees).
 */
export const VISIBLE_FIELDS: Record<DvDepartment, readonly ('street' | 'contact' | 'note')[]> = {
  police: ['street', 'contact', 'note'],
  court: ['note'],
  shelter: ['contact'],
  health: ['contact', 'note'],
  counselling: ['contact'],
  wf: ['street', 'contact', 'note'],
};
