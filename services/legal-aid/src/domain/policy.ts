import { allows, authorize, holds, mayList, type Policy, type Principal } from '@linkage/auth/policy';

/** Who may do what (role + dept + the application's centre / submitter). Tested as a matrix. */
/** The justice bureau (司法行政部门) that set up a centre: `legal_aid:beilun` → `justice:beilun` (LAL Art. 49). */
export const bureauOf = (centreDept: string): string => `justice:${centreDept.slice(centreDept.indexOf(':') + 1)}`;

/**
 * What access is decided on: the centre handling it, its street, the unit that submitted it and the
 * unit that owns the case in intake (learnt from case.opened).
 */
export interface ApplicationAccess {
  centreDept: string;
  street?: string | null;
  submittedByDept?: string | null;
  ownerDept?: string | null;
}

// The shared rule (@linkage/auth `holds`: department + streets); a record without a known street is checked on its
// department only.
const where = (r: ApplicationAccess) => (r.street === undefined ? {} : { street: r.street });
const centre = (p: Principal, r: ApplicationAccess) => holds(p, { depts: [r.centreDept], ...where(r) });

export const POLICY: Policy<
  'submit' | 'manage' | 'review_objection' | 'view_full' | 'view_status' | 'manage_lawyers' | 'view_indicators',
  ApplicationAccess
> = {
  submit: { roles: ['legal_aid_officer', 'wf_caseworker'] },
  manage: { roles: ['legal_aid_officer'], record: centre },
  // LAL Art. 49: an objection to a refusal or termination is reviewed by the bureau, not the centre that decided
  review_objection: {
    roles: ['justice_bureau_officer'],
    record: (p, r) => holds(p, { depts: [bureauOf(r.centreDept)] }),
  },
  view_full: { roles: ['legal_aid_officer'], record: centre },
  // LAL Art. 21: other departments see only status and dates — the handling centre, the unit that
  // submitted it or owns the case, coordinators; each within their streets.
  view_status: {
    roles: ['legal_aid_officer', 'wf_caseworker', 'hotline_operator', 'coordinator'],
    record: (p, r) =>
      p.role === 'legal_aid_officer'
        ? centre(p, r)
        : p.role === 'coordinator'
          ? holds(p, where(r))
          : holds(p, { depts: [r.submittedByDept, r.ownerDept], ...where(r) }),
  },
  manage_lawyers: { roles: ['legal_aid_officer', 'admin'] },
  view_indicators: { roles: ['legal_aid_officer', 'coordinator', 'admin'] },
};

export type Action = keyof typeof POLICY;
export const can = (p: Principal, action: Action, record?: ApplicationAccess) => authorize(POLICY, p, action, record);
export const sees = (p: Principal, action: Action, record: ApplicationAccess) => allows(POLICY, p, action, record);
export const mayListFor = (p: Principal, action: Action) => mayList(POLICY, p, action);
