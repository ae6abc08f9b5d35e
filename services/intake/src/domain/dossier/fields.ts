import type { ConsentDepartment, Need, Role } from '@linkage/contracts';

/**
 * Need-to-know, as data: what each receiving department type sees of a case in its dossier
 * (GET /cases/:id/dossier), who reads it for that department, and what makes the sharing lawful.
 * The one place to change who sees what; README's "who sees what" table lists the same.
 */

/** The personal sections of a case, decrypted: the sources of every dossier field. */
export interface CaseSections {
  caller: Record<string, unknown> | null;
  victim: Record<string, unknown> | null;
  perpetrator: Record<string, unknown> | null;
  incident: Record<string, unknown> | null;
  requests: Record<string, unknown> | null;
}

const pick = (section: keyof CaseSections, key: string) => (s: CaseSections) => s[section]?.[key] ?? null;
/** When she called herself, what the caller said about calling back is about her. */
const selfCaller = (s: CaseSections) => (s.caller?.relation === 'self' ? s.caller : null);

/** Every field a dossier may hold, and where it comes from. */
export const FIELD_SOURCES = {
  'victim.name': pick('victim', 'name'),
  'victim.sex': pick('victim', 'sex'),
  'victim.birthYear': pick('victim', 'birthYear'),
  'victim.idNumber': pick('victim', 'idNumber'),
  'victim.phone': pick('victim', 'phone'),
  'victim.address': pick('victim', 'address'),
  'victim.safeToCallBack': (s: CaseSections) => s.victim?.safeToCallBack ?? selfCaller(s)?.safeToCallBack ?? null,
  'victim.safeTime': (s: CaseSections) => s.victim?.safeTime ?? selfCaller(s)?.safeTime ?? null,
  'victim.safeNumber': (s: CaseSections) => selfCaller(s)?.safeNumber ?? null,
  'victim.children': pick('victim', 'children'),
  'victim.medicalNeeds': pick('victim', 'medicalNeeds'),
  'victim.accessibilityNeeds': pick('victim', 'accessibilityNeeds'),
  'victim.carer': pick('victim', 'carer'),
  'incident.account': pick('incident', 'description'),
  'incident.occurredAt': pick('incident', 'occurredAt'),
  'incident.place': pick('incident', 'place'),
  'incident.violenceTypes': pick('incident', 'violenceTypes'),
  'incident.injuries': pick('incident', 'injuries'),
  'incident.weapons': pick('incident', 'weapons'),
  'incident.childrenPresent': pick('incident', 'childrenPresent'),
  'perpetrator.name': pick('perpetrator', 'name'),
  'perpetrator.relation': pick('perpetrator', 'relation'),
  'perpetrator.sex': pick('perpetrator', 'sex'),
  'perpetrator.idNumber': pick('perpetrator', 'idNumber'),
  'perpetrator.phone': pick('perpetrator', 'phone'),
  'perpetrator.address': pick('perpetrator', 'address'),
  'requests.measuresSought': pick('requests', 'measuresSought'),
  'requests.matterSummary': pick('requests', 'matterSummary'),
} as const satisfies Record<string, (s: CaseSections) => unknown>;
export type DossierField = keyof typeof FIELD_SOURCES;

export const DOSSIER_DEPT_TYPES = [
  'police',
  'court',
  'shelter',
  'health',
  'counselling',
  'wf',
  'legal_aid',
  'elder_care',
] as const;
export type DossierDeptType = (typeof DOSSIER_DEPT_TYPES)[number];

/** What makes sharing with a department type lawful besides her consent to it or an audited override of it. */
export interface SharingRule {
  /** Her consent (or an audited override) for this department. */
  consent?: ConsentDepartment;
  /** She asked for this help (a need recorded on her case) — that request is her consent to this department. */
  need?: Need;
  /**
   * A statutory exception on the case's DV referral (ADVL Art. 14 mandatory report; high risk of serious harm) lets the
   * police act without her consent.
   */
  statutory?: boolean;
}

export interface DossierSpec {
  roles: readonly Role[];
  sharing: SharingRule;
  fields: readonly DossierField[];
}

const contact = [
  'victim.name',
  'victim.phone',
  'victim.safeToCallBack',
  'victim.safeTime',
  'victim.safeNumber',
] as const;

export const DOSSIERS: Record<DossierDeptType, DossierSpec> = {
  police: {
    roles: ['police_officer'],
    sharing: { consent: 'police', statutory: true },
    fields: [
      ...contact,
      'victim.address',
      'incident.account',
      'incident.occurredAt',
      'incident.place',
      'incident.injuries',
      'incident.weapons',
      'incident.childrenPresent',
      'perpetrator.name',
      'perpetrator.relation',
      'perpetrator.address',
    ],
  },
  court: {
    roles: ['court_clerk'],
    sharing: { consent: 'court' },
    fields: [
      // applicant
      'victim.name',
      'victim.sex',
      'victim.birthYear',
      'victim.idNumber',
      'victim.phone',
      'victim.address',
      // respondent
      'perpetrator.name',
      'perpetrator.sex',
      'perpetrator.idNumber',
      'perpetrator.address',
      'perpetrator.relation',
      // facts and what she asks for
      'incident.account',
      'incident.occurredAt',
      'incident.place',
      'incident.violenceTypes',
      'incident.injuries',
      'requests.measuresSought',
    ],
  },
  shelter: {
    roles: ['shelter_officer'],
    sharing: { consent: 'shelter' },
    fields: [...contact, 'victim.children', 'victim.medicalNeeds', 'victim.accessibilityNeeds'],
  },
  health: {
    roles: ['health_worker'],
    sharing: { consent: 'health' },
    fields: [...contact, 'victim.medicalNeeds', 'victim.accessibilityNeeds', 'incident.injuries'],
  },
  counselling: {
    roles: ['health_worker', 'wf_caseworker'],
    sharing: { consent: 'health', need: 'psychological_support' },
    fields: [...contact],
  },
  wf: {
    roles: ['wf_caseworker'],
    sharing: { need: 'mediation' },
    fields: [...contact, 'perpetrator.name', 'perpetrator.relation', 'perpetrator.phone'],
  },
  legal_aid: {
    roles: ['legal_aid_officer'],
    sharing: { consent: 'legal_aid' },
    fields: [
      'victim.name',
      'victim.sex',
      'victim.birthYear',
      'victim.idNumber',
      'victim.phone',
      'victim.address',
      'requests.matterSummary',
    ],
  },
  elder_care: {
    roles: ['elder_care_officer'],
    sharing: { consent: 'elder_care' },
    fields: ['victim.name', 'victim.address', 'victim.phone', 'victim.carer'],
  },
};

export const DOSSIER_ROLES: Role[] = [...new Set(Object.values(DOSSIERS).flatMap((d) => d.roles))];

/** The dossier's fields for a department type: exactly its list, null where the case does not record one. */
export function dossierFields(type: DossierDeptType, s: CaseSections): Record<string, unknown> {
  return Object.fromEntries(DOSSIERS[type].fields.map((f) => [f, FIELD_SOURCES[f](s)]));
}

export interface SharingFacts {
  consent: Partial<Record<ConsentDepartment, boolean | null>>;
  overrides: readonly string[];
  needs: readonly string[];
  /** The consent basis of the case's DV referral requests (mandatory_report, high_risk_exception, …). */
  dvBases: readonly string[];
}

export type SharingGround = 'consent' | 'override' | 'need' | 'mandatory_report' | 'high_risk_exception';

/** Why this department type may see her data, or null: then it sees nothing. */
export function sharingGround(type: DossierDeptType, f: SharingFacts): SharingGround | null {
  const r = DOSSIERS[type].sharing;
  if (r.consent && f.consent[r.consent] === true) return 'consent';
  if (r.need && f.needs.includes(r.need)) return 'need';
  if (r.consent && f.overrides.includes(r.consent)) return 'override';
  if (r.statutory) {
    const basis = f.dvBases.find((b) => b === 'mandatory_report' || b === 'high_risk_exception');
    if (basis) return basis as SharingGround;
  }
  return null;
}
