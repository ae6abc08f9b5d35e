import { allows, holds, type Policy, type Principal } from '@linkage/auth/policy';
import { AuthError } from '@linkage/domain';

/** What the timeline knows of a case's ownership, from intake's events (case.opened, case.updated). */
export interface CaseFacts {
  ownerDept: string | null;
  street: string | null;
}

/**
 * intake's case rule, mirrored (services/intake/src/domain/case/policy.ts): the owning unit's
 * operators and caseworkers within their streets; coordinators within theirs. A case whose owner
 * is not known yet (its case.opened not projected) is held by no unit. Tested as a matrix.
 */
export const TIMELINE_POLICY: Policy<'view_timeline', CaseFacts> = {
  view_timeline: {
    roles: ['coordinator', 'wf_caseworker', 'hotline_operator'],
    record: (p, c) =>
      p.role === 'coordinator' ? holds(p, { street: c.street }) : holds(p, { depts: [c.ownerDept], street: c.street }),
  },
};

export const TIMELINE_READERS = [...TIMELINE_POLICY.view_timeline.roles];

export const canViewTimeline = (p: Principal, c: CaseFacts | undefined): boolean =>
  allows(TIMELINE_POLICY, p, 'view_timeline', c ?? { ownerDept: null, street: null });

/**
 * The street an oversight view is limited to for the caller. A caller whose token names streets sees
 * only those: a `street` filter outside them is refused, and with none given a caller of one street
 * gets hers; a caller of several must name one. `undefined` = the whole district.
 */
export function oversightStreet(p: Principal, requested: string | undefined): string | undefined {
  if (p.streets.length === 0) return requested;
  if (requested !== undefined) {
    if (!p.streets.includes(requested))
      throw new AuthError(403, 'not_allowed', 'This street is outside your jurisdiction.');
    return requested;
  }
  if (p.streets.length === 1) return p.streets[0];
  throw new AuthError(403, 'street_required', `Name one of your streets (${p.streets.join(', ')}) in \`street\`.`);
}
