import { allows, holds, type Policy, type Principal } from '@linkage/auth/policy';

export interface CaseAccessRecord {
  ownerDept: string;
  street: string | null;
}

/** The owning unit within the caller's streets: every identified read and every write on a case. */
const owner = (p: Principal, r: CaseAccessRecord) => holds(p, { depts: [r.ownerDept], street: r.street });

/**
 * Who may do what on a case, as data (tested as a roles × endpoints matrix). Operators and
 * caseworkers work the cases of their own department; coordinators get de-identified views.
 */
export const CASE_POLICY = {
  open: { roles: ['hotline_operator', 'wf_caseworker'] },
  search: { roles: ['hotline_operator', 'wf_caseworker', 'coordinator'] },
  view_identified: { roles: ['hotline_operator', 'wf_caseworker'], record: owner },
  view_deidentified: { roles: ['coordinator'], record: (p, r) => holds(p, { street: r.street }) },
  update: { roles: ['hotline_operator', 'wf_caseworker'], record: owner },
  assess_risk: { roles: ['hotline_operator', 'wf_caseworker'], record: owner },
  record_consent: { roles: ['hotline_operator', 'wf_caseworker'], record: owner },
  override_consent: { roles: ['wf_caseworker'], record: owner },
  notes: { roles: ['hotline_operator', 'wf_caseworker'], record: owner },
  duplicates: { roles: ['hotline_operator', 'wf_caseworker'], record: owner },
  close: { roles: ['wf_caseworker'], record: owner },
  reopen: { roles: ['wf_caseworker'], record: owner },
  file_report: { roles: ['reporter'] },
  own_reports: { roles: ['reporter'] },
} as const satisfies Policy<string, CaseAccessRecord>;

export type CaseAction = keyof typeof CASE_POLICY;

export const can = (p: Principal, action: CaseAction, r?: CaseAccessRecord): boolean =>
  allows(CASE_POLICY as Policy<CaseAction, CaseAccessRecord>, p, action, r);

export const rolesFor = (action: CaseAction) => [...CASE_POLICY[action].roles];
