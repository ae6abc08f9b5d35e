/** A protection order as dv-referral lists it (GET /protection-orders). */
export interface Order {
  id: string;
  caseId: string;
  courtDept: string;
  applicant: string;
  measures: string[];
  urgent: boolean;
  status: string;
  appliedAt: string;
  acceptedAt: string | null;
  ruleBy: string | null;
  ruledAt: string | null;
  validUntil: string | null;
  reconsiderBy: string | null;
  /** pending while the court reconsiders the ruling (ADVL Art. 31), then upheld / revoked / changed */
  reconsideration: string | null;
  reconsiderationDecideBy?: string | null;
  reasonCode: string | null;
  served: Record<string, string>;
  version: number;
}
export const PARTIES = ['applicant', 'respondent', 'police', 'committee'] as const;
export const ORDERS_KEY = [['dv', 'orders']];
