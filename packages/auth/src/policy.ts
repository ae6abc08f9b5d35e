import type { Role } from '@linkage/contracts';
import { AuthError, type Principal } from './principal.ts';

/**
 * A service's access rules as data: for each action, which roles may perform it and, optionally,
 * a check against the record (dept assignment, streets). Tested as a matrix in each service.
 */
export type Policy<A extends string, R = unknown> = Record<A, { roles: readonly Role[]; record?: (p: Principal, record: R) => boolean }>;

export function allows<A extends string, R>(policy: Policy<A, R>, p: Principal, action: A, record?: R): boolean {
  const rule = policy[action];
  if (!rule.roles.includes(p.role)) return false;
  if (rule.record && record !== undefined) return rule.record(p, record);
  return true;
}

export function authorize<A extends string, R>(policy: Policy<A, R>, p: Principal, action: A, record?: R): void {
  if (!allows(policy, p, action, record)) {
    throw new AuthError(403, 'not_allowed', `Not allowed to ${action.replace(/_/g, ' ')}.`);
  }
}

/** The record is assigned to the caller's department. */
export const sameDept = (p: Principal, dept: string): boolean => p.dept === dept;

/** The caller has no street restriction or the record's street is among theirs. */
export const inStreets = (p: Principal, street: string | null): boolean => p.streets.length === 0 || (street !== null && p.streets.includes(street));
