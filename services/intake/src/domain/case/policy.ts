import { allows, inStreets, sameDept, type Policy, type Principal } from '@linkage/auth';

export interface CaseAccessRecord {
  ownerDept: string;
  street: string | null;
}

/**
 * Who may do what on a case, as data (tested as a roles × endpoints matrix). Operators and
 * caseworkers work the cases of their own department; coordinators get de-identified views.
 */
export const CASE_POLICY = {
  open: { roles: ['hotline_operator', 'wf_caseworker'] },
  search: { roles: ['hotline_operator', 'wf_caseworker', 'coordinator'] },
  view_identified: { roles: ['hotline_operator', 'wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) && inStreets(p, r.street) },
  view_deidentified: { roles: ['coordinator'], record: (p, r) => inStreets(p, r.street) },
  update: { roles: ['hotline_operator', 'wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  assess_risk: { roles: ['hotline_operator', 'wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  record_consent: { roles: ['hotline_operator', 'wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  override_consent: { roles: ['wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  notes: { roles: ['hotline_operator', 'wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  duplicates: { roles: ['hotline_operator', 'wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  close: { roles: ['wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  reopen: { roles: ['wf_caseworker'], record: (p, r) => sameDept(p, r.ownerDept) },
  file_report: { roles: ['reporter'] },
  own_reports: { roles: ['reporter'] },
} as const satisfies Policy<string, CaseAccessRecord>;

export type CaseAction = keyof typeof CASE_POLICY;

export const can = (p: Principal, action: CaseAction, r?: CaseAccessRecord): boolean =>
  allows(CASE_POLICY as Policy<CaseAction, CaseAccessRecord>, p, action, r);

export const rolesFor = (action: CaseAction) => [...CASE_POLICY[action].roles];
