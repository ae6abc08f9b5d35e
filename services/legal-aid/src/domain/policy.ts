import { authorize, type Policy, type Principal } from '@linkage/auth';

/** Who may do what (role + dept + the application's centre / submitter). Tested as a matrix. */
/** The justice bureau (司法行政部门) that set up a centre: `legal_aid:beilun` → `justice:beilun` (LAL Art. 49). */
export const bureauOf = (centreDept: string): string => `justice:${centreDept.slice(centreDept.indexOf(':') + 1)}`;

export const POLICY: Policy<'submit' | 'manage' | 'review_objection' | 'view_full' | 'view_status' | 'manage_lawyers' | 'view_indicators', { centreDept: string }> = {
  submit: { roles: ['legal_aid_officer', 'wf_caseworker'] },
  manage: { roles: ['legal_aid_officer'], record: (p, r) => p.dept === r.centreDept },
  // LAL Art. 49: an objection to a refusal or termination is reviewed by the bureau, not the centre that decided
  review_objection: { roles: ['justice_bureau_officer'], record: (p, r) => p.dept === bureauOf(r.centreDept) },
  view_full: { roles: ['legal_aid_officer'], record: (p, r) => p.dept === r.centreDept },
  // LAL Art. 21: other departments see only status and dates.
  view_status: { roles: ['legal_aid_officer', 'wf_caseworker', 'hotline_operator', 'coordinator'], record: (p, r) => p.role !== 'legal_aid_officer' || p.dept === r.centreDept },
  manage_lawyers: { roles: ['legal_aid_officer', 'admin'] },
  view_indicators: { roles: ['legal_aid_officer', 'coordinator', 'admin'] },
};

export type Action = keyof typeof POLICY;
export const can = (p: Principal, action: Action, record?: { centreDept: string }) => authorize(POLICY, p, action, record);
