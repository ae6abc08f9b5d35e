import type { ComponentType } from 'react';

type Loader = () => Promise<{ default: ComponentType }>;

// Each desk is its own chunk: a police officer's browser never downloads the coordinator's charts.
export const LOAD = {
  NewCase: () => import('./desks/operator/NewCase.tsx'),
  CaseSearch: () => import('./desks/operator/CaseSearch.tsx'),
  MyCases: () => import('./desks/caseworker/MyCases.tsx'),
  CasePage: () => import('./desks/caseworker/CasePage.tsx'),
  Reports: () => import('./desks/reporter/Reports.tsx'),
  Police: () => import('./desks/police/PoliceQueue.tsx'),
  Court: () => import('./desks/court/Orders.tsx'),
  LegalAid: () => import('./desks/legal-aid/Applications.tsx'),
  Lawyers: () => import('./desks/legal-aid/Lawyers.tsx'),
  Shelter: () => import('./desks/shelter/ShelterDesk.tsx'),
  Health: () => import('./desks/health/HealthDesk.tsx'),
  ElderCare: () => import('./desks/elder-care/Clients.tsx'),
  Dashboard: () => import('./desks/coordinator/Dashboard.tsx'),
  Timeline: () => import('./desks/coordinator/CaseTimeline.tsx'),
} satisfies Record<string, Loader>;

const HOME_DESK: Record<string, Loader> = {
  hotline_operator: LOAD.NewCase,
  wf_caseworker: LOAD.MyCases,
  reporter: LOAD.Reports,
  police_officer: LOAD.Police,
  court_clerk: LOAD.Court,
  legal_aid_officer: LOAD.LegalAid,
  shelter_officer: LOAD.Shelter,
  health_worker: LOAD.Health,
  elder_care_officer: LOAD.ElderCare,
  coordinator: LOAD.Dashboard,
  admin: LOAD.Dashboard,
};

/** Start downloading a role's home desk (called as soon as the account is chosen on the sign-in page). */
export function prefetchDesk(role: string): void {
  void HOME_DESK[role]?.().catch(() => undefined);
}
