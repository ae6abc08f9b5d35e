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

export const canReceive = (department: DvDepartment, assignedDept: string): boolean => RECEIVER_DEPT_KINDS[department].includes(deptKind(assignedDept));

/** The caller is the receiving department of the referral, in a role that works that referral type. */
export const isReceiver = (a: Actor, r: { department: string; assignedDept: string }): boolean =>
  a.dept === r.assignedDept && (RECEIVER_ROLES[r.department as DvDepartment] ?? []).includes(a.role);

/** The caller is a caseworker of the department that owns the DV part of the case. */
export const isCaseOwner = (a: Actor, c: { ownerDept: string }): boolean => a.role === 'wf_caseworker' && a.dept === c.ownerDept;

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
