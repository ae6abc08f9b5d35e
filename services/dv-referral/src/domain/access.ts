import { allows, holds, type Holding, type Policy, type Principal } from '@linkage/auth/policy';
import { ROLES, STREETS, type DvDepartment, type Role, type Street } from '@linkage/contracts';
import { ForbiddenError } from '@linkage/domain';

/** Who acts, as the domain needs it (role + dept + street jurisdiction, never a name). */
export type Actor = Pick<Principal, 'role' | 'dept'> & { streets?: string[] };

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

export const canReceive = (department: DvDepartment, assignedDept: string): boolean =>
  RECEIVER_DEPT_KINDS[department].includes(deptKind(assignedDept));

/** A stored street code as the contracts type (anything else — none, or not a district street — is null). */
export const streetOf = (s: string | null | undefined): Street | null =>
  s !== null && s !== undefined && Object.hasOwn(STREETS, s) ? (s as Street) : null;

const ALL_RECEIVER_ROLES: readonly Role[] = [...new Set(Object.values(RECEIVER_ROLES).flat())];
const where = (street: string | null | undefined): Pick<Holding, 'street'> => (street === undefined ? {} : { street });
const isDvDepartment = (d: string): d is DvDepartment => Object.hasOwn(RECEIVER_ROLES, d);

/** A referral as access sees it: its type, the department it was sent to, its street (omitted: not checked). */
export interface ReferralAccess {
  department: string;
  assignedDept: string;
  street?: string | null;
}
/** A case as access sees it: its owning unit and street (omitted: not checked). */
export interface CaseAccess {
  ownerDept?: string | null;
  street?: string | null;
}
/** A record held by one department (a station's warning letter, a shelter, a court, a hospital). */
export interface HeldBy {
  dept: string;
}

// The policies below are the shared rule (@linkage/auth `holds`: department + streets) applied to what
// dv-referral knows of a referral, a case or a record one department holds.

/** The receiving department of a referral (within its streets), in a role that works that referral type. */
export const REFERRAL_POLICY: Policy<'work', ReferralAccess> = {
  work: {
    roles: ALL_RECEIVER_ROLES,
    record: (p, r) =>
      isDvDepartment(r.department) &&
      RECEIVER_ROLES[r.department].includes(p.role) &&
      holds(p, { depts: [r.assignedDept], ...where(r.street) }),
  },
};

/**
 * A case: its owner's caseworkers work it (within their streets); coordinators whose streets cover it see
 * de-identified views.
 */
export const CASE_POLICY: Policy<'own' | 'view_deidentified', CaseAccess> = {
  own: { roles: ['wf_caseworker'], record: (p, c) => holds(p, { depts: [c.ownerDept], ...where(c.street) }) },
  view_deidentified: { roles: ['coordinator'], record: (p, c) => holds(p, where(c.street)) },
};

/** Who may file a protection-order application into the system (the applicant is recorded separately, Art. 23). */
export const FILERS = ['wf_caseworker', 'police_officer', 'court_clerk'] as const;
/** Who may request an injury assessment. */
export const ASSESSMENT_REQUESTERS = ['wf_caseworker', 'police_officer', 'court_clerk'] as const;

/** Records one department holds, by the role that works them there. */
export const HELD_POLICY: Policy<
  'run_shelter' | 'police_station' | 'court' | 'health' | 'committee' | 'file_order' | 'request_assessment',
  HeldBy
> = {
  run_shelter: { roles: ['shelter_officer'], record: (p, r) => p.dept === r.dept },
  police_station: { roles: ['police_officer'], record: (p, r) => p.dept === r.dept },
  court: { roles: ['court_clerk'], record: (p, r) => p.dept === r.dept },
  health: { roles: ['health_worker'], record: (p, r) => p.dept === r.dept },
  /** A residents'/village committee (`committee:<street>`, ADVL Art. 17) — its members sign in as `reporter`. */
  committee: { roles: ['reporter'], record: (p, r) => deptKind(p.dept) === 'committee' && p.dept === r.dept },
  /** Who may file an application at all (a clerk files at her own court: `court`). */
  file_order: { roles: FILERS },
  request_assessment: { roles: ASSESSMENT_REQUESTERS },
};

/** The pure rule takes the principal's shape: a domain actor is one without an account id. */
export const asPrincipal = (a: Actor): Principal => ({ sub: '', role: a.role, dept: a.dept, streets: a.streets ?? [] });

/**
 * The policy's answer as dv-referral's refusal: `undefined` when allowed, else a 403 with the stable code the
 * API has always given for this rule (`other_department`, `not_case_owner`, …).
 */
export function refusal<A extends string, R>(
  policy: Policy<A, R>,
  a: Actor,
  action: A,
  record: R | undefined,
  code: string,
  message: string,
): ForbiddenError | undefined {
  return allows(policy, asPrincipal(a), action, record) ? undefined : new ForbiddenError(code, message);
}

/** The caller is the receiving department of the referral (within its streets), in a role that works that type. */
export const isReceiver = (a: Actor, r: ReferralAccess): boolean => allows(REFERRAL_POLICY, asPrincipal(a), 'work', r);

/** The caller is a caseworker of the unit that owns the case (within its streets). */
export const isCaseOwner = (a: Actor, c: CaseAccess): boolean => allows(CASE_POLICY, asPrincipal(a), 'own', c);

/** A coordinator whose streets cover the record (de-identified views only). */
export const isCoordinatorFor = (a: Actor, street: string | null | undefined): boolean =>
  allows(CASE_POLICY, asPrincipal(a), 'view_deidentified', where(street));

/** What dv-referral knows of a case it may work on: from intake's events or its own DV part. */
export interface KnownCase {
  caseId: string;
  ownerDept: string | null;
  street: string | null;
}

/**
 * Who may start work on a case (a protection-order application, an injury assessment): its owner's
 * caseworkers; a police station it was referred to; a court that holds an application of it (a
 * clerk registering at the counter of her own court is checked by the decide function). Streets apply.
 */
export function isInvolved(
  a: Actor,
  c: KnownCase,
  received: { department: string; assignedDept: string }[],
  courts: string[],
): boolean {
  if (isCaseOwner(a, c)) return true;
  if (a.role === 'police_officer')
    return received.some((r) => isReceiver(a, { ...r, street: c.street }) && r.department === 'police');
  if (a.role === 'court_clerk') return holds(asPrincipal(a), { depts: courts, street: c.street });
  return false;
}

/** A protection order as its viewers are decided: its court, the department that filed it, the case's street. */
export interface OrderAccess {
  courtDept: string;
  appliedByDept: string;
  street: string | null;
}

/**
 * A protection order: its court's clerks work it and see the parties it registered; the department that filed
 * it (not as a coordinator) sees it — each within their streets. Coordinators and the case owner see it by
 * CASE_POLICY.
 */
export const ORDER_POLICY: Policy<'court' | 'filer', OrderAccess> = {
  court: {
    roles: ['court_clerk'],
    record: (p, o) => holds(p, { depts: [o.courtDept], street: o.street }),
  },
  filer: {
    roles: ROLES.filter((r) => r !== 'coordinator'),
    record: (p, o) => holds(p, { depts: [o.appliedByDept], street: o.street }),
  },
};

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
