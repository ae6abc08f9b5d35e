/** What intake's GET /cases/:id answers (the parts the case page shows). */
export interface StatusRow {
  ref: string;
  service: string;
  department: string | null;
  assignedDept: string | null;
  status: string;
  dueAt: string | null;
  at: string;
}

export interface CaseView {
  id: string;
  caseNumber: string;
  channel: string;
  category: string;
  street: string | null;
  riskLevel: string;
  repeat: boolean;
  status: string;
  closeReason: string | null;
  ageBand: string;
  needs: string[];
  violenceTypes: string[];
  perpetratorRelation: string | null;
  consent: Record<string, boolean | null>;
  overrides: string[];
  openedAt: string;
  version: number;
  referrals: { requestId: string; target: string; consentBasis: string }[];
  riskAssessments: {
    id: string;
    checklistVersion: string;
    yesCount: number;
    level: string;
    raisedByJudgement: boolean;
    assessedAt: string;
  }[];
  statusSummary: StatusRow[];
  identified: boolean;
  victim?: Record<string, unknown> | null;
  narrative?: string | null;
}

export interface Note {
  id: string;
  text: string;
  authorRole: string;
  authorDept: string;
  createdAt: string;
}
