import type { Role } from '@linkage/contracts';
import { AuthError, type Principal } from './principal.ts';

/**
 * A service's access rules as data: for each action, which roles may perform it and, optionally,
 * a check against the record (dept assignment, streets). Tested as a matrix in each service.
 */
export type Policy<A extends string, R = unknown> = Record<
  A,
  { roles: readonly Role[]; record?: (p: Principal, record: R) => boolean }
>;

/**
 * Fails closed: an action whose rule checks the record is refused when no record is given (a list
 * asks `mayList` and filters its rows instead).
 */
export function allows<A extends string, R>(policy: Policy<A, R>, p: Principal, action: A, record?: R): boolean {
  const rule = policy[action];
  if (!rule.roles.includes(p.role)) return false;
  if (rule.record) return record !== undefined && rule.record(p, record);
  return true;
}

/** The role part of a rule only: for list endpoints, which then return only the rows `allows` would. */
export const mayList = <A extends string, R>(policy: Policy<A, R>, p: Principal, action: A): boolean =>
  policy[action].roles.includes(p.role);

export function authorize<A extends string, R>(policy: Policy<A, R>, p: Principal, action: A, record?: R): void {
  if (!allows(policy, p, action, record)) {
    throw new AuthError(403, 'not_allowed', `Not allowed to ${action.replace(/_/g, ' ')}.`);
  }
}

/** The record is assigned to the caller's department (prefer `holds`, which also checks streets). */
export const sameDept = (p: Principal, dept: string): boolean => p.dept === dept;
