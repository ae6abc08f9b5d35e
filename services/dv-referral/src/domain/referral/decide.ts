import type { DvDepartment, ReferralRequestedV1, RiskLevel } from '@linkage/contracts';

export interface AcceptancePolicy {
  defaultHours: number;
  highRiskHours: number;
}

/** Platform rule: a department accepts or declines within 24 h, 1 h when the risk is high. */
export function acceptBy(requestedAt: Date, risk: RiskLevel, p: AcceptancePolicy): Date {
  const hours = risk === 'high' ? p.highRiskHours : p.defaultHours;
  return new Date(requestedAt.getTime() + hours * 3_600_000);
}

/** Which police station takes a referral: the station of the victim's street, else the district desk. */
export function policeDeptFor(street: string | null): string {
  return `police:${street ?? 'district'}`;
}

export interface NewReferral {
  department: DvDepartment;
  assignedDept: string;
  acceptBy: Date;
}

/**
 * From an intake referral request to DV: the police are always referred (ADVL Arts. 15–17);
 * the shelter, court and health referrals are added by later workflows.
 */
export function referralsForRequest(req: ReferralRequestedV1['data'], now: Date, p: AcceptancePolicy): NewReferral[] {
  if (req.target !== 'dv') return [];
  return [{ department: 'police', assignedDept: policeDeptFor(req.street), acceptBy: acceptBy(now, req.riskLevel, p) }];
}
