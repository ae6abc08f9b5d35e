import { AuthError, type Principal } from './principal.ts';

/**
 * The one access rule every service applies to a record: role + department + jurisdiction
 * (streets) + assignment. A service describes a record by what it is held by — never by who may
 * see it — and `holds` decides; services do not hand-roll `p.dept === …` checks.
 *
 * - `depts`: the departments the record is owned by or assigned to (the owning unit of a case, the
 *   station a referral was sent to, the court an application was filed with). The caller's `dept`
 *   must be one of them. An empty list is held by nobody (a record whose owner is not known yet is
 *   closed, not open). Omit only for records no department holds (coordinators' de-identified
 *   views, where `street` alone decides).
 * - `street`: the record's street (街道). A caller whose token carries `streets` holds only records
 *   in one of them; a record with no street is outside every street restriction. Omit for records
 *   with no street at all.
 */
export interface Holding {
  depts?: readonly (string | null | undefined)[];
  street?: string | null;
}

/** The caller has no street restriction or the record's street is among theirs. */
export const inStreets = (p: Principal, street: string | null | undefined): boolean =>
  p.streets.length === 0 || (street !== null && street !== undefined && p.streets.includes(street));

/** The caller's department holds the record, within the caller's streets. */
export function holds(p: Principal, h: Holding): boolean {
  if (h.depts !== undefined && !h.depts.some((d) => typeof d === 'string' && d === p.dept)) return false;
  if ('street' in h && !inStreets(p, h.street)) return false;
  return true;
}

/**
 * The street filter a list must apply for the caller: `null` = every street, otherwise only rows
 * whose street is in the list (rows without a street are then excluded, as `holds` excludes them).
 */
export const streetFilter = (p: Principal): string[] | null => (p.streets.length === 0 ? null : [...p.streets]);

/** 403 Problem Details for a record the caller may not read or act on. */
export function forbidden(what: string): never {
  throw new AuthError(403, 'not_allowed', `Not allowed to ${what.replace(/_/g, ' ')}.`);
}
