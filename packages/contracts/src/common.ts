import { Type, type Static } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const DateTime = Type.String({ format: 'date-time' });

/** JWT role claim values (DESIGN.md "Users"). `system` is used for effects a service derives from an event. */
export const ROLES = [
  'hotline_operator',
  'wf_caseworker',
  'reporter',
  'police_officer',
  'court_clerk',
  'legal_aid_officer',
  /** The justice bureau (司法行政部门) that set up the legal aid centre: reviews objections (LAL Art. 49). */
  'justice_bureau_officer',
  'shelter_officer',
  'health_worker',
  'elder_care_officer',
  'coordinator',
  'admin',
] as const;
export const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
export type Role = Static<typeof Role>;

/** Beilun District's streets (街道). Codes are stable; labels are for display. */
export const STREETS = {
  xinqi: '新碶街道',
  daqi: '大碶街道',
  xiaogang: '小港街道',
  xiapu: '霞浦街道',
  chaiqiao: '柴桥街道',
  qijiashan: '戚家山街道',
  chunxiao: '春晓街道',
  meishan: '梅山街道',
  baifeng: '白峰街道',
  guoju: '郭巨街道',
  daxie: '大榭街道',
} as const;
export type Street = keyof typeof STREETS;
export const StreetCode = Type.Union((Object.keys(STREETS) as Street[]).map((s) => Type.Literal(s)));

export const RISK_LEVELS = ['standard', 'medium', 'high'] as const;
export const RiskLevel = Type.Union(RISK_LEVELS.map((r) => Type.Literal(r)));
export type RiskLevel = Static<typeof RiskLevel>;

export const CASE_CATEGORIES = [
  'domestic_violence',
  'elder_abuse',
  'marriage_family_dispute',
  'rights_infringement',
  'other',
] as const;
export const CaseCategory = Type.Union(CASE_CATEGORIES.map((c) => Type.Literal(c)));
export type CaseCategory = Static<typeof CaseCategory>;

/** Department codes look like `police:xinqi`, `court:beilun`, `wf:district`. */
export const DeptCode = Type.String({ pattern: '^[a-z_]+:[a-z0-9_-]+$', maxLength: 64 });
