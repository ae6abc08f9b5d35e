import type { Street } from '@linkage/contracts';
import { AuthError, holds, streetFilter, type Policy, type Principal } from '@linkage/auth/policy';

/**
 * The department that works elderly people's records: civil affairs elder services. The district
 * office (`civil_affairs:district`) holds every record; a street office (`civil_affairs:xinqi`) the
 * records of its street. An officer of any other department holds none.
 */
export const ELDER_DEPT_KIND = 'civil_affairs';
export const DISTRICT_DEPT = `${ELDER_DEPT_KIND}:district`;
export const holdersOf = (street: string | null): string[] =>
  street ? [DISTRICT_DEPT, `${ELDER_DEPT_KIND}:${street}`] : [DISTRICT_DEPT];

/**
 * Who may do what with an elderly person's record: officers of the holding department, within their
 * streets (a token without `streets` covers the department's area); coordinators read de-identified
 * records within their streets.
 */
export const ELDER_POLICY: Policy<'act' | 'view_identified' | 'view', { street: string | null }> = {
  act: { roles: ['elder_care_officer'], record: (p, c) => holds(p, { depts: holdersOf(c.street), street: c.street }) },
  view_identified: {
    roles: ['elder_care_officer'],
    record: (p, c) => holds(p, { depts: holdersOf(c.street), street: c.street }),
  },
  view: {
    roles: ['elder_care_officer', 'coordinator'],
    record: (p, c) =>
      p.role === 'coordinator'
        ? holds(p, { street: c.street })
        : holds(p, { depts: holdersOf(c.street), street: c.street }),
  },
};

/**
 * Which streets' records a list shows the caller: `null` = all, `[]` = none. The same rule as
 * ELDER_POLICY.view, as a filter.
 */
export function visibleStreets(p: Principal): { streets: string[] | null; withoutStreet: boolean } {
  const tokenStreets = streetFilter(p);
  if (p.role === 'coordinator' || p.dept === DISTRICT_DEPT)
    return { streets: tokenStreets, withoutStreet: tokenStreets === null };
  if (p.role !== 'elder_care_officer' || !p.dept.startsWith(`${ELDER_DEPT_KIND}:`))
    return { streets: [], withoutStreet: false };
  const own = p.dept.slice(ELDER_DEPT_KIND.length + 1);
  return { streets: tokenStreets === null || tokenStreets.includes(own) ? [own] : [], withoutStreet: false };
}

/**
 * The street an indicator view covers for the caller (the list rule, for counts): anyone whose
 * jurisdiction is the district may ask for any street or none; otherwise a `street` outside the
 * caller's is refused, and with none given a caller of one street gets hers. `undefined` = district.
 */
export function indicatorStreet(p: Principal, requested: string | undefined): string | undefined {
  const { streets } = visibleStreets(p);
  if (streets === null) return requested;
  if (requested !== undefined) {
    if (!streets.includes(requested))
      throw new AuthError(403, 'not_allowed', 'This street is outside your jurisdiction.');
    return requested;
  }
  if (streets.length === 1) return streets[0];
  throw new AuthError(
    403,
    'street_required',
    streets.length
      ? `Name one of your streets (${streets.join(', ')}) in \`street\`.`
      : 'No street is within your jurisdiction.',
  );
}

/** A stored street code as the contracts type (only valid codes are ever stored). */
export const streetOf = (s: string | null): Street | null => s as Street | null;
